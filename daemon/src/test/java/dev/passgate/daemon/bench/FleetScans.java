package dev.passgate.daemon.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * The scans of one fleet run, drawn before the run so that the real run ({@link FleetLoopbackHarness}) and its
 * replay under the pure schedule ({@link FleetScheduleReplay}) see exactly the same ones. Each kiosk scans as a
 * Poisson process whose rate ramps from {@code base} up to {@code peak} at half the run and back down to
 * {@code base} at its end: rate(t) = base + (peak - base) * (1 - |2t/T - 1|). The times are drawn by thinning with a
 * {@link Random} seeded by the run's seed and the kiosk number, so a seed always gives the same scans.
 */
final class FleetScans {
    private static final double SECOND = 1e9;

    private final long[][] offsets;
    private final long runNanos;
    private final double basePerSecond;
    private final double peakPerSecond;

    FleetScans(int kiosks, Duration run, double basePerMinute, double peakPerMinute, long seed) {
        if (basePerMinute < 0 || peakPerMinute <= 0 || basePerMinute > peakPerMinute) {
            throw new IllegalArgumentException("scan rates: found base " + basePerMinute + " and peak "
                    + peakPerMinute + " a minute, expected 0 <= base <= peak and peak > 0");
        }
        this.runNanos = run.toNanos();
        this.basePerSecond = basePerMinute / 60;
        this.peakPerSecond = peakPerMinute / 60;
        this.offsets = new long[kiosks][];
        for (int kiosk = 0; kiosk < kiosks; kiosk++) {
            offsets[kiosk] = draw(new Random(seed * 1_000_003L + kiosk));
        }
    }

    private long[] draw(Random random) {
        long[] times = new long[16];
        int count = 0;
        double seconds = 0;
        double end = runNanos / SECOND;
        while (true) {
            seconds += -Math.log(1 - random.nextDouble()) / peakPerSecond;
            if (seconds >= end) {
                break;
            }
            if (random.nextDouble() * peakPerSecond < rate(seconds)) {
                if (count == times.length) {
                    times = Arrays.copyOf(times, count * 2);
                }
                times[count++] = (long) (seconds * SECOND);
            }
        }
        return Arrays.copyOf(times, count);
    }

    /** Scans per second of one kiosk at {@code seconds} into the run. */
    double rate(double seconds) {
        double shape = 1 - Math.abs(2 * seconds / (runNanos / SECOND) - 1);
        return basePerSecond + (peakPerSecond - basePerSecond) * Math.max(0, shape);
    }

    int kiosks() {
        return offsets.length;
    }

    /** The scan times of {@code kiosk}, in nanoseconds from the start of the run, ascending. Not a copy. */
    long[] of(int kiosk) {
        return offsets[kiosk];
    }

    long total() {
        long total = 0;
        for (long[] kiosk : offsets) {
            total += kiosk.length;
        }
        return total;
    }

    /** The planned scans of the whole fleet in 1-second bins: the requests of the online design. */
    long[] perSecond(int bins) {
        long[] counts = new long[bins];
        for (long[] kiosk : offsets) {
            for (long at : kiosk) {
                int bin = (int) (at / 1_000_000_000L);
                if (bin < bins) {
                    counts[bin]++;
                }
            }
        }
        return counts;
    }
}
