package dev.passgate.daemon.app;

import dev.passgate.daemon.verify.Verdict;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of decisions per verdict and a histogram of scan-to-decision latency (from the reader's last character
 * to the feedback being given), for status and metrics. Buckets are fixed and logarithmic (powers of two from
 * 16 µs to about 8.6 s), for the Prometheus histogram. Percentiles for {@code passgate status} are exact (nearest
 * rank) over the latencies of the last {@value #WINDOW} decisions, which are kept as recorded. Thread-safe,
 * lock-free; a percentile read while decisions are recorded may mix old and new samples of the window.
 */
public final class GateStats {
    /** Upper bounds of the latency buckets in nanoseconds; the last bucket is unbounded. */
    public static final long[] BUCKET_BOUNDS = buckets();
    /** Decisions whose latencies {@link #latencyPercentile} ranks. */
    public static final int WINDOW = 4096;
    private final AtomicLongArray verdictCounts = new AtomicLongArray(Verdict.values().length);
    private final AtomicLongArray latencyCounts = new AtomicLongArray(BUCKET_BOUNDS.length + 1);
    private final AtomicLongArray latencySum = new AtomicLongArray(1);
    private final AtomicLongArray recent = new AtomicLongArray(WINDOW);
    private final AtomicLong recorded = new AtomicLong();

    void record(Verdict verdict, long latencyNanos) {
        verdictCounts.incrementAndGet(verdict.ordinal());
        long latency = Math.max(0, latencyNanos);
        latencySum.addAndGet(0, latency);
        recent.set((int) (recorded.getAndIncrement() % WINDOW), latency);
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

    /**
     * The latency below or at which {@code fraction} of the last {@value #WINDOW} decisions fall (nearest rank over
     * the recorded values), or zero when there were none.
     */
    public Duration latencyPercentile(double fraction) {
        int samples = latencySamples();
        if (samples == 0) {
            return Duration.ZERO;
        }
        long[] sorted = new long[samples];
        for (int i = 0; i < samples; i++) {
            sorted[i] = recent.get(i);
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * samples);
        return Duration.ofNanos(sorted[Math.max(0, Math.min(samples, rank) - 1)]);
    }

    /** How many recorded latencies the percentiles are taken over: all decisions, at most {@value #WINDOW}. */
    public int latencySamples() {
        return (int) Math.min(WINDOW, recorded.get());
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
