package dev.passgate.hal.fake;

import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.contract.DigitalInputContract;

class FakeDigitalInputContractTest extends DigitalInputContract {
    private final ManualDelays delays = new ManualDelays();
    private FakeDigitalInput input;

    @Override
    protected DigitalInput create() {
        input = new FakeDigitalInput(NAME, new Timeline(delays::nanoTime));
        return input;
    }

    @Override
    protected void drive(boolean active) {
        input.set(active);
    }
}
