package dev.passgate.daemon.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample of nanosecond durations, reported in milliseconds. */
final class Percentiles {
    private final long[] sorted;

    Percentiles(long[] nanos, int count) {
        sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
    }

    double millis(double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }

    /** "p50 X ms, p99 Y ms, max Z ms". */
    String summary() {
        return String.format("p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms", millis(50), millis(99),
                millis(99.9), maxMillis());
    }
}
