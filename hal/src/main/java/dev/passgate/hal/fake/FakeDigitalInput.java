package dev.passgate.hal.fake;

import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.InputEdge;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A switch driven by a test: {@link #set} changes the logical state, records {@code "active"} or {@code "inactive"}
 * on the timeline under the input's name, and delivers the edge to every listener on the caller's thread, stamped
 * with the timeline's clock. Setting the state it already has does nothing, as debounce would hide it. After close,
 * {@code set} is ignored. Thread-safe.
 */
public final class FakeDigitalInput implements DigitalInput {
    private final String name;
    private final Timeline timeline;
    private final List<Consumer<InputEdge>> listeners = new CopyOnWriteArrayList<>();
    private boolean active;
    private boolean closed;

    public FakeDigitalInput(String name, Timeline timeline) {
        this.name = Objects.requireNonNull(name, "name");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

    /** Drives the switch: a press, a release, a door opening or closing. */
    public void set(boolean nowActive) {
        InputEdge edge;
        synchronized (this) {
            if (closed || nowActive == active) {
                return;
            }
            active = nowActive;
            timeline.record(name, nowActive ? "active" : "inactive");
            edge = new InputEdge(name, nowActive, timeline.nanoTime());
        }
        listeners.forEach(listener -> listener.accept(edge));
    }

    /** A press and release, as a person pushing a button. */
    public void press() {
        set(true);
        set(false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized boolean active() {
        return active;
    }

    @Override
    public void listen(Consumer<InputEdge> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public synchronized String health() {
        return closed ? "CLOSED" : "READY";
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
