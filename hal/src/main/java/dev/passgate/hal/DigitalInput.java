package dev.passgate.hal;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One switch wired to the kiosk: a staff button, an exit (request-to-exit) button or a door contact. The state is
 * logical, after debounce and after the wiring's polarity: {@code true} means pressed, or for a door contact, open.
 * {@link #listen} registers a listener that gets every change of the debounced state, in order, on the input's own
 * thread; it must not block for long. A listener added later gets only later changes. Nothing is delivered after
 * {@link #close} returns. Nothing here guarantees that a press shorter than the debounce time is seen.
 */
public interface DigitalInput extends AutoCloseable {
    /** The input's role as configured, e.g. "staff_button", "exit_button" or "door_contact". */
    String name();

    /** The debounced logical state now: pressed, or open for a door contact. */
    boolean active();

    void listen(Consumer<InputEdge> listener);

    /**
     * At most how long after the switch moved a change reaches the listeners (debounce and delivery); the change's
     * {@link InputEdge#nanos()} is still the time it moved. Zero for an input that reports at once.
     */
    default Duration reportDelay() {
        return Duration.ZERO;
    }

    /** A short word for a technician, e.g. "READY" or "UNAVAILABLE". */
    String health();

    @Override
    void close();
}
