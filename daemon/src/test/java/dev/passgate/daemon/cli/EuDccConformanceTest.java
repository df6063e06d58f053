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
        FLAGS.put("EXPECTEDSCHEMAVALIDATION", List.of("schema"));
        FLAGS.put("EXPECTEDVERIFY", List.of("signature"));
        FLAGS.put("EXPECTEDKEYUSAGE", List.of("keyusage"));
        FLAGS.put("EXPECTEDEXPIRATIONCHECK", List.of("validity"));
    }

    /**
     * Upstream defects (see ../shared/corpora/README-suites.md): case and flag → reason the flag is not compared.
     * A key {@code CC/* FLAG} covers every case of that country folder.
     */
    private static final Map<String, String> SKIPPED = Map.of(
            "IS/2DCode/raw/3.json EXPECTEDKEYUSAGE",
            "upstream issue #244: the DSC has only a non-DCC EKU, which every EU verifier app allows for all types",
            "PL/1.3.0/2DCode/raw/6.json EXPECTEDEXPIRATIONCHECK",
            "upstream defect: expects true although exp is after the DSC's notAfter",
            "NL/* EXPECTEDSCHEMAVALIDATION",
            "upstream issue #107 (tests/known_issues.csv lists all NL cases): the flag does not match the data, "
                    + "e.g. dob 1963-00 expected valid under schema 1.0.0",
            "BG/2DCode/raw/1.json EXPECTEDSCHEMAVALIDATION",
            "upstream issues #293/#298 (known_issues.csv): JSON nulls for t and r, expected valid; schema fails",
            "BG/2DCode/raw/2.json EXPECTEDSCHEMAVALIDATION",
            "upstream issues #293/#298 (known_issues.csv): JSON nulls for v and t, expected valid; schema fails",
            "LI/2DCode/raw/4.json EXPECTEDSCHEMAVALIDATION",
            "upstream issue #339 (known_issues.csv): the upstream harness fails its schema validation",
            "HU/2DCode/raw/3.json EXPECTEDSCHEMAVALIDATION",
            "upstream issue #340 (known_issues.csv): tc and ci longer than the 80 characters of schema 1.0.0",
            "RO/2DCode/raw/2.json EXPECTEDSCHEMAVALIDATION",
            "upstream issue #356 (known_issues.csv): the upstream harness fails its schema validation");

    private static final Map<String, List<String>> skippedSeen = new TreeMap<>();
    private static final AtomicInteger skippedAgreeing = new AtomicInteger();
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
        int skipped = skippedSeen.values().stream().mapToInt(List::size).sum();
        System.out.printf("EU DCC conformance: %d cases, %d flag comparisons agreed, %d skipped (%d of them would "
                + "agree anyway), verdicts %s%n", cases.size(), compared.get(), skipped, skippedAgreeing.get(),
                verdicts);
        skippedSeen.forEach((reason, names) -> System.out.printf("  skipped %d: %s: %s%n", names.size(), reason,
                names.size() > 4 ? names.size() + " cases of " + names.get(0).substring(0, 3) : names));
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
            List<CBORObject> steps = flag.getValue().stream().map(checks::get).toList();
            boolean allPassed = steps.stream().allMatch(s -> s != null && s.AsBoolean());
            boolean notReached = steps.stream().anyMatch(s -> s == null);
            String skipReason = skipReason(name, flag.getKey());
            if (skipReason != null) {
                skippedSeen.computeIfAbsent(flag.getKey() + ": " + skipReason, k -> new ArrayList<>()).add(name);
                skippedAgreeing.addAndGet(allPassed == wanted.AsBoolean() ? 1 : 0);
                continue;
            }
            compared.incrementAndGet();
            if (wanted.AsBoolean()) {
                assertThat(allPassed).as("%s %s expected true; answer %s", name, flag.getKey(), answer).isTrue();
            } else {
                boolean failedHere = steps.stream().anyMatch(s -> s != null && !s.AsBoolean());
                assertThat(failedHere || notReached && anyFailed)
                        .as("%s %s expected false; answer %s", name, flag.getKey(), answer).isTrue();
            }
        }
    }

    private static String skipReason(String name, String flag) {
        String exact = SKIPPED.get(name + " " + flag);
        return exact != null ? exact : SKIPPED.get(name.substring(0, name.indexOf('/')) + "/* " + flag);
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
