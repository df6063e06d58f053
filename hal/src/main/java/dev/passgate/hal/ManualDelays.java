package dev.passgate.hal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link Delays} whose time moves only when a test calls {@link #advance}. Due actions run on the calling
 * thread, in order of due time, then of scheduling. Not thread-safe beyond simple use from one test thread.
 */
public final class ManualDelays implements Delays {
    private final List<Pending> pending = new ArrayList<>();
    private long nowNanos;
    private long counter;

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable action) {
        Pending entry = new Pending(nowNanos + Math.max(0, delay.toNanos()), counter++, action);
        pending.add(entry);
        return () -> remove(entry);
    }

    /** Moves time forward, running every action that falls due on the way, each at its own due time. */
    public void advance(Duration step) {
        long target = nowNanos + step.toNanos();
        while (true) {
            Optional<Pending> next = nextDue(target);
            if (next.isEmpty()) {
                break;
            }
            next.get().action().run();
        }
        synchronized (this) {
            nowNanos = target;
        }
    }

    /** Monotonic time in nanoseconds since this instance was made. */
    public synchronized long nanoTime() {
        return nowNanos;
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    private synchronized Optional<Pending> nextDue(long target) {
        Optional<Pending> next = pending.stream()
                .filter(p -> p.dueNanos() <= target)
                .min(Comparator.comparingLong(Pending::dueNanos).thenComparingLong(Pending::order));
        next.ifPresent(p -> {
            pending.remove(p);
            nowNanos = p.dueNanos();
        });
        return next;
    }

    private synchronized void remove(Pending entry) {
        pending.remove(entry);
    }

    private record Pending(long dueNanos, long order, Runnable action) {
    }
}
