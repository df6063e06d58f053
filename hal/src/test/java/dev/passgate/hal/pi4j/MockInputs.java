package dev.passgate.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;

/** Pi4J's mock plugin with inputs as well as outputs, and the mock line provisioned on a BCM number. */
public final class MockInputs {
    private MockInputs() {
    }

    /** A context on Pi4J's mock digital inputs and outputs, without a shutdown hook. */
    public static Context context() {
        return Pi4jContexts.withProviders(MockDigitalInputProvider.newInstance(),
                MockDigitalOutputProvider.newInstance());
    }

    /** The mock input line provisioned on a BCM number; look it up before closing the input. */
    public static MockDigitalInput line(Context pi4j, int bcm) {
        return pi4j.registry().allByType(DigitalInput.class).values().stream()
                .filter(input -> input.config().address() == bcm)
                .map(MockDigitalInput.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no input provisioned on BCM " + bcm));
    }
}
