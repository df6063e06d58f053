package dev.passgate.daemon.trust;

import java.time.Duration;

/**
 * When the fetcher tries next. After a success (a new bundle, the same one, or 304) the next fetch comes after
 * the interval spread by random jitter of +/-{@link #JITTER} of it, so that a site's kiosks drift apart. After the
 * n-th failure in a row it backs off exponentially with full jitter: a uniformly random delay between 0 and
 * {@code min(interval, BASE * 2^(n-1))}, but at least {@link #MIN_DELAY}. The first fetch after start comes after
 * a random delay of up to {@link #FIRST_SPREAD} (or the interval, if shorter), so that kiosks powered on together
 * do not all call at once. {@code random} is a number in [0, 1) from the injected source.
 */
public final class FetchSchedule {
    public static final double JITTER = 0.1;
    public static final Duration BASE = Duration.ofSeconds(5);
    public static final Duration MIN_DELAY = Duration.ofSeconds(1);
    public static final Duration FIRST_SPREAD = Duration.ofMinutes(1);

    private FetchSchedule() {
    }

    public static Duration first(Duration interval, double random) {
        Duration spread = interval.compareTo(FIRST_SPREAD) < 0 ? interval : FIRST_SPREAD;
        return scaled(spread, random);
    }

    public static Duration afterSuccess(Duration interval, double random) {
        return scaled(interval, 1 - JITTER + 2 * JITTER * random);
    }

    public static Duration afterFailures(Duration interval, int failures, double random) {
        Duration cap = interval;
        if (failures <= 30) {
            Duration exponential = BASE.multipliedBy(1L << (failures - 1));
            cap = exponential.compareTo(interval) < 0 ? exponential : interval;
        }
        Duration delay = scaled(cap, random);
        return delay.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : delay;
    }

    private static Duration scaled(Duration duration, double factor) {
        return Duration.ofMillis(Math.round(duration.toMillis() * factor));
    }
}
