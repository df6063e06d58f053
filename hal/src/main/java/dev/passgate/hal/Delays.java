package dev.passgate.hal;

import java.time.Duration;

/**
 * Runs an action after a delay of monotonic time. It is the seam through which devices time their patterns and
 * pulses: production uses {@link ExecutorDelays}, tests use {@link ManualDelays} and move time by hand.
 */
public interface Delays {
    Cancellable schedule(Duration delay, Runnable action);
}
