package dev.passgate.daemon.door;

import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.InputEdge;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.timing.Debouncer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A fake switch seen through hal's real {@link Debouncer} on {@link ManualDelays}, as a Pi4J input sees its line:
 * {@link #raw} is a level on the wire now; a change reaches listeners one debounce time after the line last moved,
 * stamped with the time of the first raw edge of its burst. Starts inactive (door shut).
 */
final class BouncingSwitch implements DigitalInput {
    private final String name;
    private final ManualDelays delays;
    private final Debouncer debouncer;
    private final List<Consumer<InputEdge>> listeners = new CopyOnWriteArrayList<>();

    BouncingSwitch(String name, Duration debounce, ManualDelays delays) {
        this.name = name;
        this.delays = delays;
        this.debouncer = new Debouncer(debounce, false, delays, (active, nanos) -> {
            InputEdge edge = new InputEdge(name, active, nanos);
            listeners.forEach(listener -> listener.accept(edge));
        });
    }

    /** The level on the wire changes now. */
    void raw(boolean active) {
        debouncer.raw(active, delays.nanoTime());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean active() {
        return debouncer.active();
    }

    @Override
    public void listen(Consumer<InputEdge> listener) {
        listeners.add(listener);
    }

    @Override
    public String health() {
        return "READY";
    }

    @Override
    public void close() {
        debouncer.close();
    }
}
