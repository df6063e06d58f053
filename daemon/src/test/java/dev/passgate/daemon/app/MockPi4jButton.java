package dev.passgate.daemon.app;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.InputEdge;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A staff button wired as a kiosk wires one (pull-up, pressed pulls the line low) on a Pi4J digital input of Pi4J's
 * mock plugin, seen through the hal {@link DigitalInput} interface, for tests of this branch that cannot use the
 * inputs branch's debounced Pi4J input yet: no debounce here, every change of the mock line is an edge, stamped with
 * {@code clock}. {@link #press} drives the line as a finger would, through {@link MockDigitalInput#mockState}.
 */
final class MockPi4jButton implements DigitalInput {
    private final com.pi4j.io.gpio.digital.DigitalInput line;
    private final LongSupplier clock;

    MockPi4jButton(Context pi4j, int bcm, LongSupplier clock) {
        this.clock = clock;
        DigitalInputConfig config = com.pi4j.io.gpio.digital.DigitalInput.newConfigBuilder(pi4j)
                .id("staff-button-" + bcm).address(bcm).pull(PullResistance.PULL_UP).build();
        line = pi4j.digitalInput().create(config);
        ((MockDigitalInput) line).mockState(DigitalState.HIGH);
    }

    /** Pulls the line low, then lets it go high again. */
    void press() {
        ((MockDigitalInput) line).mockState(DigitalState.LOW);
        ((MockDigitalInput) line).mockState(DigitalState.HIGH);
    }

    @Override
    public String name() {
        return "staff_button";
    }

    @Override
    public boolean active() {
        return line.state() == DigitalState.LOW;
    }

    @Override
    public void listen(Consumer<InputEdge> listener) {
        line.addListener((DigitalStateChangeListener) event -> listener.accept(new InputEdge(name(),
                event.state() == DigitalState.LOW, clock.getAsLong())));
    }

    @Override
    public String health() {
        return "READY";
    }

    /** Nothing to release here: the test shuts the Pi4J context down, and with it the line. */
    @Override
    public void close() {
    }
}
