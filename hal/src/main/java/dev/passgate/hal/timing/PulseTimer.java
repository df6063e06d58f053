package dev.passgate.hal.timing;

import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import java.time.Duration;
import java.util.Objects;

/**
 * Times door-relay pulses through {@link Delays}. Every relay implementation (Pi4J, console, fake) uses it, so
 * they all keep the same time.
 *
 * <p>Contract: {@link #pulse} energises the coil at once and schedules its release after the requested time,
 * capped at {@code maxOn}. A pulse while energised restarts the release timer from now (the coil is told to
 * energise again, with the new time). A pulse of zero does nothing; a negative pulse is a caller bug and throws.
 * {@link #close} cancels the timer and releases a coil that is energised; after it every call is ignored.
 *
 * <p>Thread-safe. The coil is called while this timer's lock is held, so it must be quick and must not call
 * back into the timer. Not guaranteed: that the release happens at exactly the due time; that is up to the
 * {@code Delays}.
 */
public final class PulseTimer {
    /** The thing being energised: a GPIO pin, a console line, a fake's timeline. */
    public interface Coil {
        /** Called on every accepted pulse, also when already energised, with the capped duration. */
        void energise(Duration onFor);

        /** Called once when an energised coil is released, by the timer or by close. */
        void release();
    }

    private final Delays delays;
    private final Duration maxOn;
    private final Coil coil;
    private boolean energised;
    private boolean closed;
    private long generation;
    private Cancellable pending = () -> { };

    public PulseTimer(Delays delays, Duration maxOn, Coil coil) {
        this.delays = Objects.requireNonNull(delays, "delays");
        this.coil = Objects.requireNonNull(coil, "coil");
        Objects.requireNonNull(maxOn, "maxOn");
        if (maxOn.isNegative() || maxOn.isZero()) {
            throw new IllegalArgumentException("relay maximum on-time must be positive, found " + maxOn);
        }
        this.maxOn = maxOn;
    }

    public synchronized void pulse(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("relay pulse must not be negative, found " + duration);
        }
        if (closed || duration.isZero()) {
            return;
        }
        Duration onFor = duration.compareTo(maxOn) > 0 ? maxOn : duration;
        pending.cancel();
        long pulseGeneration = ++generation;
        energised = true;
        coil.energise(onFor);
        pending = delays.schedule(onFor, () -> releaseDue(pulseGeneration));
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.cancel();
        generation++;
        release();
    }

    private synchronized void releaseDue(long pulseGeneration) {
        // A cancelled release can still run if the Delays had already started it; the generation tells.
        if (closed || pulseGeneration != generation) {
            return;
        }
        release();
    }

    private void release() {
        if (energised) {
            energised = false;
            coil.release();
        }
    }
}
