package dev.passgate.daemon.verify.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.verify.Format;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link PassVerifier#verify} with seeded random inputs ({@link FuzzInputs}): mutations of real passes at
 * every decoding layer, of SMART Health Card texts, and random texts. Every input must get an outcome with a
 * verdict, a format and a reason, no exception may escape, and the outcome must be consistent: VALID only when
 * signature, key usage and validity passed; MALFORMED whenever an HC1 decoding step failed or the text is over
 * the length limit; the format is the text's prefix.
 *
 * <p>{@code -Dpassgate.fuzz.inputs=N} sets the number of inputs (100,000 by default, as in CI),
 * {@code -Dpassgate.fuzz.threads=T} the number of fuzzing threads (one per core by default; thread k draws its
 * inputs from the seed and k), and {@code -Dpassgate.fuzz.seed=S} with the same thread count replays a run.
 * Times are printed, never asserted on, both elapsed and as thread CPU time; an input slower than 50 ms elapsed
 * is named on a WARNING line with its time re-measured three times, so a pause of the machine (other load,
 * garbage collection, compilation) can be told from a slow input. Failing inputs are written to
 * {@code target/fuzz-failures.txt}, since inputs derived from minted passes differ from run to run.
 */
class PassVerifierFuzzTest {
    private static final int DEFAULT_INPUTS = 100_000;
    private static final long SLOW_NANOS = 50_000_000L;
    private static final int WARM_UP_ROUNDS = 3;
    private static final List<String> DECODING_STEPS = List.of("prefix", "base45", "inflate", "cose", "cbor");
    /** The steps that must all have passed for a VALID answer, per format. */
    private static final Map<Format, List<String>> DECIDING_STEPS = Map.of(
            Format.HC1, List.of("signature", "keyusage", "validity"),
            Format.SHC, List.of("signature", "validity"),
            Format.PG1, List.of("signature", "holder", "validity", "freshness", "replay"));
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final long SHARD_SEED_STEP = 0x9E3779B97F4A7C15L;
    private static final long TIMEOUT_MINUTES = 30;
    private static final Policy NONE = Policies.named("none").orElseThrow();

    @Test
    void everyInputGetsAConsistentOutcomeAndNoExceptionEscapes() throws Exception {
        int count = Integer.getInteger("passgate.fuzz.inputs", DEFAULT_INPUTS);
        long seed = Long.getLong("passgate.fuzz.seed", System.nanoTime() ^ System.currentTimeMillis() << 20);
        int threads = Math.max(1, Integer.getInteger("passgate.fuzz.threads",
                Runtime.getRuntime().availableProcessors()));
        FuzzCorpus corpus = FuzzCorpus.load();
        PassVerifier verifier = new PassVerifier(Limits.DEFAULT);
        warmUp(corpus, verifier);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Shard>> shards = new ArrayList<>();
        long started = System.nanoTime();
        for (int k = 0; k < threads; k++) {
            int shardCount = count / threads + (k < count % threads ? 1 : 0);
            long shardSeed = seed + k * SHARD_SEED_STEP;
            shards.add(pool.submit(() -> fuzz(corpus, verifier, shardSeed, shardCount)));
        }
        pool.shutdown();
        FuzzFigures figures = new FuzzFigures(0, SLOW_NANOS);
        List<String> failures = new ArrayList<>();
        for (Future<Shard> shard : shards) {
            Shard done = shard.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            figures.merge(done.figures());
            failures.addAll(done.failures());
        }
        System.out.println(figures.report(seed, threads, System.nanoTime() - started));
        warnAboutSlowInputs(figures, corpus, verifier);
        writeFailures(failures);

        assertThat(failures).as("inputs without a consistent outcome (seed %d, %d threads), written to target/"
                + "fuzz-failures.txt", seed, threads).isEmpty();
        assertThat(figures.count()).isEqualTo(count);
        assertThat(figures.verdicts().keySet()).as("the inputs reach every kind of answer")
                .contains("HC1 VALID", "HC1 MALFORMED", "HC1 INVALID_SIGNATURE", "UNKNOWN UNSUPPORTED");
    }

    /** What one fuzzing thread found. */
    private record Shard(FuzzFigures figures, List<String> failures) {
    }

    private static Shard fuzz(FuzzCorpus corpus, PassVerifier verifier, long seed, int count) {
        FuzzInputs inputs = new FuzzInputs(corpus, seed);
        FuzzFigures figures = new FuzzFigures(count, SLOW_NANOS);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FuzzInputs.Input input = inputs.next();
            long cpuBefore = CPU.getCurrentThreadCpuTime();
            long before = System.nanoTime();
            Outcome outcome;
            try {
                outcome = verifier.verify(input.text(), corpus.trust(), input.at(), NONE);
            } catch (Throwable thrown) {
                failures.add(failure(seed, i, input, "threw " + stackTrace(thrown)));
                continue;
            }
            long elapsed = System.nanoTime() - before;
            long cpu = CPU.getCurrentThreadCpuTime() - cpuBefore;
            String inconsistency = inconsistency(input.text(), outcome);
            if (inconsistency != null) {
                failures.add(failure(seed, i, input, inconsistency));
                continue;
            }
            figures.record(input, outcome, elapsed, cpu);
        }
        return new Shard(figures, failures);
    }

    /** The text a verifier judges: a reader's trailing CR and LF dropped, every other character kept. */
    private static String withoutTrailingLineEnds(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String inconsistency(String text, Outcome outcome) {
        if (outcome == null || outcome.verdict() == null || outcome.format() == null || outcome.reason() == null
                || outcome.checks() == null) {
            return "incomplete outcome " + outcome;
        }
        String stripped = withoutTrailingLineEnds(text);
        if (outcome.format() != Format.of(stripped)) {
            return "format " + outcome.format() + " for a text whose prefix says " + Format.of(stripped);
        }
        if (stripped.length() > Limits.DEFAULT_MAX_TEXT_LENGTH && outcome.verdict() != Verdict.MALFORMED) {
            return "verdict " + outcome.verdict() + " for a text over the length limit";
        }
        Map<String, Boolean> checks = outcome.checks();
        List<String> deciding = DECIDING_STEPS.getOrDefault(outcome.format(), List.of("signature"));
        if (outcome.valid() && !deciding.stream().allMatch(step -> Boolean.TRUE.equals(checks.get(step)))) {
            return "VALID with checks " + checks;
        }
        boolean decodingFailed = DECODING_STEPS.stream().anyMatch(step -> Boolean.FALSE.equals(checks.get(step)));
        if (outcome.format() == Format.HC1 && decodingFailed && outcome.verdict() != Verdict.MALFORMED) {
            return "verdict " + outcome.verdict() + " after a failed decoding step, checks " + checks;
        }
        return null;
    }

    private static void warmUp(FuzzCorpus corpus, PassVerifier verifier) {
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            corpus.samples().forEach(s -> verifier.verify(s.text(), corpus.trust(), s.at(), NONE));
        }
    }

    private static void warnAboutSlowInputs(FuzzFigures figures, FuzzCorpus corpus, PassVerifier verifier) {
        List<FuzzFigures.Timed> slow = figures.overThreshold();
        if (slow.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("WARNING: " + slow.size() + " inputs took longer than "
                + SLOW_NANOS / 1_000_000 + " ms elapsed (elapsed / cpu, then the fastest of three re-runs):");
        int reproduced = 0;
        for (FuzzFigures.Timed timed : slow) {
            long best = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                long before = System.nanoTime();
                verifier.verify(timed.input().text(), corpus.trust(), timed.input().at(), NONE);
                best = Math.min(best, System.nanoTime() - before);
            }
            reproduced += best > SLOW_NANOS ? 1 : 0;
            line.append(String.format(" [%.1f / %.1f ms, re-run %.1f ms: %s]", timed.elapsed() / 1e6,
                    timed.cpu() / 1e6, best / 1e6, timed.input().description()));
        }
        System.out.println(line);
        System.out.println("  of these, " + reproduced + " stayed over " + SLOW_NANOS / 1_000_000 + " ms when "
                + "re-run; the others were pauses of the machine (other load, garbage collection, compilation)");
    }

    private static String failure(long shardSeed, int index, FuzzInputs.Input input, String problem) {
        return "shard seed " + shardSeed + ", input " + index + " (" + input.description() + "): " + problem
                + System.lineSeparator()
                + "  at " + input.at() + ", text: " + input.text();
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        return text.length() > 4000 ? text.substring(0, 4000) + " ..." : text;
    }

    private static void writeFailures(List<String> failures) throws java.io.IOException {
        Path file = Path.of("target", "fuzz-failures.txt");
        if (failures.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join(System.lineSeparator(), failures), StandardCharsets.UTF_8);
        System.out.println("PassVerifier fuzz: " + failures.size() + " failing inputs written to "
                + file.toAbsolutePath());
    }
}
