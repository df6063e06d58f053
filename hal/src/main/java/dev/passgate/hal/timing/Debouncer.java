package dev.passgate.hal.timing;

import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns the raw levels of a bouncing switch into clean changes: a new level counts only once it has stayed
 * unchanged for the debounce time, so any number of edges within that time give at most one change (none when
 * the switch settles back where it was). Each change is stamped with the monotonic time of the first raw edge of
 * its burst, the moment the switch actually moved. Time passes through {@link Delays} and the caller's monotonic
 * readings, never by sleeping. Changes are handed to the sink on the {@code Delays} thread, outside this object's
 * lock; {@link #close} waits for a change being handed over and nothing is handed over after it returns.
 * Not guaranteed: that a pulse shorter than the debounce time is seen.
 */
public final class Debouncer implements AutoCloseable {
    /** Receives each debounced change. */
    @FunctionalInterface
    public interface Sink {
        void changed(boolean active, long nanos);
    }

    private final Duration debounce;
    private final Delays delays;
    private final Sink sink;
    private final Object delivery = new Object();
    private boolean stable;
    private boolean raw;
    private long burstStart;
    private Cancellable pending;
    private boolean closed;

    public Debouncer(Duration debounce, boolean initial, Delays delays, Sink sink) {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce: found " + debounce + ", expected zero or more");
        }
        this.debounce = debounce;
        this.delays = Objects.requireNonNull(delays, "delays");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.stable = initial;
        this.raw = initial;
    }

    /**
     * A raw level seen at monotonic time {@code nanos}. Any level while a change is settling, even a repeat of the
     * last one, restarts the debounce time: edge-triggered GPIO reports transitions, so the same level twice means
     * a bounce seen only in half, and the line has not provably held since. With nothing settling, the settled
     * level again does nothing; a duplicate report therefore changes nothing but, at worst, delays a pending
     * change by one debounce time, still stamped with the first edge of its burst.
     */
    public synchronized void raw(boolean level, long nanos) {
        if (closed || (level == raw && pending == null && level == stable)) {
            return;
        }
        if (pending == null) {
            burstStart = nanos;
        } else {
            pending.cancel();
        }
        raw = level;
        pending = delays.schedule(debounce, this::settle);
    }

    /** The debounced level now. */
    public synchronized boolean active() {
        return stable;
    }

    private void settle() {
        synchronized (delivery) {
            boolean changed;
            boolean now;
            long nanos;
            synchronized (this) {
                pending = null;
                changed = !closed && raw != stable;
                if (changed) {
                    stable = raw;
                }
                now = stable;
                nanos = burstStart;
            }
            if (changed) {
                sink.changed(now, nanos);
            }
        }
    }

    @Override
    public void close() {
        synchronized (delivery) {
            synchronized (this) {
                closed = true;
                if (pending != null) {
                    pending.cancel();
                    pending = null;
                }
            }
        }
    }
}
