package dev.passgate.daemon.door;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.passgate.hal.InputEdge;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A switch on a Pi4J mock-plugin GPIO input, pulled up, seen through passgate's {@link dev.passgate.hal.DigitalInput}:
 * a test-side stand-in for the inputs engineer's Pi4J implementation (no debounce here; the mock has no bounce).
 * {@code activeHigh}: a door contact reads HIGH when the door is open; a button to ground reads LOW when pressed.
 * Edges are stamped with {@code monotonic}. {@link #drive} sets the pin's level as the wiring would.
 */
final class MockPinSwitch implements dev.passgate.hal.DigitalInput {
    private final String name;
    private final MockDigitalInput pin;
    private final boolean activeHigh;
    private final LongSupplier monotonic;
    private final List<DigitalStateChangeListener> listeners = new CopyOnWriteArrayList<>();

    MockPinSwitch(Context pi4j, String name, int bcm, boolean activeHigh, LongSupplier monotonic) {
        this.name = name;
        this.activeHigh = activeHigh;
        this.monotonic = monotonic;
        DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(name).address(bcm)
                .pull(PullResistance.PULL_UP).build());
        this.pin = (MockDigitalInput) input;
        pin.mockState(activeHigh ? DigitalState.LOW : DigitalState.HIGH);
    }

    /** Sets the logical state: open / pressed ({@code true}) or closed / released. */
    void drive(boolean active) {
        pin.mockState(active == activeHigh ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean active() {
        return pin.state() == (activeHigh ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public void listen(Consumer<InputEdge> listener) {
        DigitalStateChangeListener pi4jListener = event -> listener.accept(new InputEdge(name,
                event.state() == (activeHigh ? DigitalState.HIGH : DigitalState.LOW), monotonic.getAsLong()));
        listeners.add(pi4jListener);
        pin.addListener(pi4jListener);
    }

    @Override
    public String health() {
        return "READY";
    }

    @Override
    public void close() {
        listeners.forEach(pin::removeListener);
    }
}
