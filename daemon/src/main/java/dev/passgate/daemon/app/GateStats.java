package dev.passgate.daemon.app;

import dev.passgate.daemon.verify.Verdict;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of decisions per verdict and a histogram of scan-to-decision latency (from the reader's last character
 * to the feedback being given), for status and metrics. Buckets are fixed and logarithmic (powers of two from
 * 16 µs to about 8.6 s), so a percentile is reported as the upper bound of its bucket. Thread-safe, lock-free.
 */
public final class GateStats {
    /** Upper bounds of the latency buckets in nanoseconds; the last bucket is unbounded. */
    public static final long[] BUCKET_BOUNDS = buckets();
    private final AtomicLongArray verdictCounts = new AtomicLongArray(Verdict.values().length);
    private final AtomicLongArray latencyCounts = new AtomicLongArray(BUCKET_BOUNDS.length + 1);
    private final AtomicLongArray latencySum = new AtomicLongArray(1);

    void record(Verdict verdict, long latencyNanos) {
        verdictCounts.incrementAndGet(verdict.ordinal());
        long latency = Math.max(0, latencyNanos);
        latencySum.addAndGet(0, latency);
        int bucket = 0;
        while (bucket < BUCKET_BOUNDS.length && latency > BUCKET_BOUNDS[bucket]) {
            bucket++;
        }
        latencyCounts.incrementAndGet(bucket);
    }

    public Map<Verdict, Long> verdictCounts() {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, verdictCounts.get(verdict.ordinal()));
        }
        return counts;
    }

    public long decisions() {
        long total = 0;
        for (int i = 0; i < latencyCounts.length(); i++) {
            total += latencyCounts.get(i);
        }
        return total;
    }

    /** Cumulative counts per bucket, as Prometheus histograms want them; the last entry is the total. */
    public long[] cumulativeLatencyCounts() {
        long[] cumulative = new long[latencyCounts.length()];
        long running = 0;
        for (int i = 0; i < cumulative.length; i++) {
            running += latencyCounts.get(i);
            cumulative[i] = running;
        }
        return cumulative;
    }

    public long latencySumNanos() {
        return latencySum.get(0);
    }

    /** The bucket bound below which {@code fraction} of decisions fall, or zero when there were none. */
    public Duration latencyPercentile(double fraction) {
        long[] cumulative = cumulativeLatencyCounts();
        long total = cumulative[cumulative.length - 1];
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(fraction * total);
        for (int i = 0; i < BUCKET_BOUNDS.length; i++) {
            if (cumulative[i] >= rank) {
                return Duration.ofNanos(BUCKET_BOUNDS[i]);
            }
        }
        return Duration.ofNanos(Long.MAX_VALUE);
    }

    private static long[] buckets() {
        long[] bounds = new long[20];
        long bound = 16_000;
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = bound;
            bound *= 2;
        }
        return bounds;
    }
}
