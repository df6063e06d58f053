package dev.passgate.daemon.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A wall clock that starts at a fixed instant and then moves exactly with a monotonic source: a well-behaved
 * clock, for tests that run a whole kiosk (whose {@link TrustedClock} would rightly distrust a frozen one).
 */
public final class MonotonicClock extends Clock {
    private final Instant start;
    private final LongSupplier nanos;
    private final long startNanos;

    private MonotonicClock(Instant start, LongSupplier nanos) {
        this.start = start;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
    }

    public static MonotonicClock startingAt(Instant start, LongSupplier nanos) {
        return new MonotonicClock(start, nanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(nanos.getAsLong() - startNanos);
    }
}
