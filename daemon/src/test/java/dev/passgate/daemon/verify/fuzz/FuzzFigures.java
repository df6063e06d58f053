package dev.passgate.daemon.verify.fuzz;

import dev.passgate.daemon.verify.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures the fuzz harness prints: inputs and verifying time per category, the verdict histogram, and the
 * time per input (median, p99, p99.9, max), both elapsed and as the verifying thread's CPU time. Elapsed time
 * includes waiting for a core on a busy machine; CPU time does not, and tells a slow input from a busy machine.
 * The slowest inputs are named by their descriptions. Times are printed, never asserted on. Not thread-safe:
 * each fuzzing thread keeps its own figures, merged at the end.
 */
final class FuzzFigures {
    private static final int SLOWEST_KEPT = 5;
    private static final int OVER_THRESHOLD_KEPT = 50;
    private final long thresholdNanos;
    private long[] elapsed;
    private long[] cpu;
    private int count;
    private final Map<String, Integer> verdicts = new TreeMap<>();
    private final Map<String, Integer> categories = new TreeMap<>();
    private final Map<String, Long> categoryCpu = new TreeMap<>();
    private final List<Timed> slowest = new ArrayList<>();
    private final List<Timed> overThreshold = new ArrayList<>();

    /** One timed input: elapsed and CPU nanoseconds. */
    record Timed(FuzzInputs.Input input, long elapsed, long cpu) {
    }

    FuzzFigures(int capacity, long thresholdNanos) {
        this.elapsed = new long[capacity];
        this.cpu = new long[capacity];
        this.thresholdNanos = thresholdNanos;
    }

    void record(FuzzInputs.Input input, Outcome outcome, long elapsedNanos, long cpuNanos) {
        elapsed[count] = elapsedNanos;
        cpu[count++] = cpuNanos;
        verdicts.merge(outcome.format() + " " + outcome.verdict(), 1, Integer::sum);
        String category = input.description().substring(0, input.description().indexOf(' '));
        categories.merge(category, 1, Integer::sum);
        categoryCpu.merge(category, cpuNanos, Long::sum);
        Timed timed = new Timed(input, elapsedNanos, cpuNanos);
        keepIfSlowest(timed);
        if (elapsedNanos > thresholdNanos && overThreshold.size() < OVER_THRESHOLD_KEPT) {
            overThreshold.add(timed);
        }
    }

    /** Adds another thread's figures to these. */
    void merge(FuzzFigures other) {
        elapsed = Arrays.copyOf(elapsed, count + other.count);
        cpu = Arrays.copyOf(cpu, count + other.count);
        System.arraycopy(other.elapsed, 0, elapsed, count, other.count);
        System.arraycopy(other.cpu, 0, cpu, count, other.count);
        count += other.count;
        other.verdicts.forEach((k, v) -> verdicts.merge(k, v, Integer::sum));
        other.categories.forEach((k, v) -> categories.merge(k, v, Integer::sum));
        other.categoryCpu.forEach((k, v) -> categoryCpu.merge(k, v, Long::sum));
        other.slowest.forEach(this::keepIfSlowest);
        other.overThreshold.stream().limit(Math.max(0, OVER_THRESHOLD_KEPT - overThreshold.size()))
                .forEach(overThreshold::add);
    }

    int count() {
        return count;
    }

    Map<String, Integer> verdicts() {
        return verdicts;
    }

    /** Inputs whose elapsed time passed the threshold (at most 50 are kept). */
    List<Timed> overThreshold() {
        return overThreshold;
    }

    String report(long seed, int threads, long totalNanos) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("PassVerifier fuzz: %d inputs, seed %d on %d threads (-Dpassgate.fuzz.seed=%d "
                + "-Dpassgate.fuzz.threads=%d), %.1f s, %.0f inputs/s%n", count, seed, threads, seed, threads,
                totalNanos / 1e9, count / (totalNanos / 1e9)));
        out.append("  time per input, elapsed: ").append(quantiles(elapsed)).append(System.lineSeparator());
        out.append("  time per input, cpu:     ").append(quantiles(cpu)).append(System.lineSeparator());
        out.append("  inputs by category: ").append(categories).append(System.lineSeparator());
        out.append("  cpu by category (s):");
        categoryCpu.forEach((category, total) -> out.append(String.format(" %s=%.1f", category, total / 1e9)));
        out.append(System.lineSeparator()).append("  verdicts: ").append(verdicts).append(System.lineSeparator());
        out.append("  slowest (elapsed / cpu):");
        slowest.forEach(t -> out.append(String.format(" [%.1f / %.1f ms: %s]", t.elapsed() / 1e6, t.cpu() / 1e6,
                t.input().description())));
        return out.toString();
    }

    private void keepIfSlowest(Timed timed) {
        if (slowest.size() == SLOWEST_KEPT && timed.elapsed() <= slowest.get(SLOWEST_KEPT - 1).elapsed()) {
            return;
        }
        slowest.add(timed);
        slowest.sort(Comparator.comparingLong(Timed::elapsed).reversed());
        if (slowest.size() > SLOWEST_KEPT) {
            slowest.remove(SLOWEST_KEPT);
        }
    }

    private String quantiles(long[] values) {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return String.format("median %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms", at(sorted, 0.5),
                at(sorted, 0.99), at(sorted, 0.999), sorted[count - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))] / 1e6;
    }
}
