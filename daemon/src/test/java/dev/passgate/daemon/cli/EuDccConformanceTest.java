package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.testing.Corpora;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the EU DCC test data ({@code ../shared/corpora/dgc-testdata}) through
 * {@code passgate verify --batch} and compares each step flag the case states with the answer's checks.
 * A flag that a case leaves out is not compared. An expected failure is met by a failed step, or by the step
 * not being evaluated because an earlier one failed.
 */
class EuDccConformanceTest {
    /** Step flag of the test data → the checks that must all pass for the flag to be true. */
    private static final Map<String, List<String>> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("EXPECTEDUNPREFIX", List.of("prefix"));
        FLAGS.put("EXPECTEDB45DECODE", List.of("base45"));
        FLAGS.put("EXPECTEDCOMPRESSION", List.of("inflate"));
        FLAGS.put("EXPECTEDDECODE", List.of("cose", "cbor"));
        FLAGS.put("EXPECTEDVERIFY", List.of("signature"));
        FLAGS.put("EXPECTEDKEYUSAGE", List.of("keyusage"));
        FLAGS.put("EXPECTEDEXPIRATIONCHECK", List.of("validity"));
    }

    /** Upstream defects (see ../shared/corpora/README-suites.md): case and flag → reason the flag is not compared. */
    private static final Map<String, String> SKIPPED = Map.of(
            "IS/2DCode/raw/3.json EXPECTEDKEYUSAGE",
            "upstream issue #244: the DSC has only a non-DCC EKU, which every EU verifier app allows for all types",
            "PL/1.3.0/2DCode/raw/6.json EXPECTEDEXPIRATIONCHECK",
            "upstream defect: expects true although exp is after the DSC's notAfter");

    private static final List<String> skippedSeen = new ArrayList<>();
    private static final AtomicInteger compared = new AtomicInteger();
    private static Map<String, CBORObject> answers;
    private static Map<String, CBORObject> cases;

    @BeforeAll
    static void runWholeSuiteThroughBatch() {
        Path root = Corpora.root().resolve("dgc-testdata");
        CBORObject manifest = Corpora.json(Corpora.root().resolve("_derived/dgc-testdata-manifest.json"));
        cases = new LinkedHashMap<>();
        StringBuilder batch = new StringBuilder();
        for (CBORObject name : manifest.get("cases").getKeys()) {
            CBORObject testCase = Corpora.json(root.resolve(name.AsString()));
            cases.put(name.AsString(), testCase);
            batch.append(request(name.AsString(), testCase).ToJSONString()).append('\n');
        }
        Clock wallClockMustNotBeUsed = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC);
        // The venue policy is not under test here: pinned to none so that the verdict figures stay comparable.
        CliRun run = CliRun.verify(batch.toString(), wallClockMustNotBeUsed, "--batch", "--policy", "none");
        answers = new LinkedHashMap<>();
        for (String line : run.lines()) {
            CBORObject answer = CBORObject.FromJSONString(line);
            answers.put(answer.get("id").AsString(), answer);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseAgreesWithEveryFlagItStates() {
        return cases.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> checkCase(name)));
    }

    @TestFactory
    Stream<DynamicTest> everyRequestGetsExactlyOneAnswer() {
        return Stream.of(DynamicTest.dynamicTest("answers", () -> {
            assertThat(answers.keySet()).containsExactlyInAnyOrderElementsOf(cases.keySet());
            assertThat(cases).hasSizeGreaterThan(400);
        }));
    }

    @AfterAll
    static void printFigures() {
        Map<String, Integer> verdicts = new TreeMap<>();
        answers.values().forEach(a -> verdicts.merge(a.get("verdict").AsString(), 1, Integer::sum));
        System.out.printf("EU DCC conformance: %d cases, %d flag comparisons agreed, %d skipped %s, verdicts %s%n",
                cases.size(), compared.get(), skippedSeen.size(), skippedSeen, verdicts);
        assertThat(compared.get()).isGreaterThan(2000);
    }

    private static void checkCase(String name) {
        CBORObject expected = cases.get(name).get("EXPECTEDRESULTS");
        CBORObject answer = answers.get(name);
        assertThat(answer).as("answer for %s", name).isNotNull();
        assertThat(answer.get("error")).as("error answer for %s", name).isNull();
        CBORObject checks = answer.get("checks");
        boolean anyFailed = checks.getValues().stream().anyMatch(v -> !v.AsBoolean());
        for (Map.Entry<String, List<String>> flag : FLAGS.entrySet()) {
            CBORObject wanted = expected.get(flag.getKey());
            if (wanted == null || wanted.getType() != CBORType.Boolean) {
                continue;
            }
            String skipReason = SKIPPED.get(name + " " + flag.getKey());
            if (skipReason != null) {
                skippedSeen.add(name + " " + flag.getKey() + ": " + skipReason);
                continue;
            }
            compared.incrementAndGet();
            List<CBORObject> steps = flag.getValue().stream().map(checks::get).toList();
            boolean allPassed = steps.stream().allMatch(s -> s != null && s.AsBoolean());
            boolean notReached = steps.stream().anyMatch(s -> s == null);
            if (wanted.AsBoolean()) {
                assertThat(allPassed).as("%s %s expected true; answer %s", name, flag.getKey(), answer).isTrue();
            } else {
                boolean failedHere = steps.stream().anyMatch(s -> s != null && !s.AsBoolean());
                assertThat(failedHere || notReached && anyFailed)
                        .as("%s %s expected false; answer %s", name, flag.getKey(), answer).isTrue();
            }
        }
    }

    private static CBORObject request(String name, CBORObject testCase) {
        CBORObject context = testCase.get("TESTCTX");
        CBORObject request = CBORObject.NewOrderedMap().Add("id", name).Add("text", testCase.get("PREFIX"));
        if (context != null && context.get("VALIDATIONCLOCK") != null) {
            request.Add("at", context.get("VALIDATIONCLOCK"));
        }
        CBORObject trust = CBORObject.NewArray();
        if (context != null && context.get("CERTIFICATE") != null) {
            trust.Add(context.get("CERTIFICATE"));
        }
        return request.Add("trust", trust);
    }
}
