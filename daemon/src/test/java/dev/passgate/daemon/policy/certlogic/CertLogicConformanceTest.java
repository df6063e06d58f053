package dev.passgate.daemon.policy.certlogic;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.testing.Corpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the CertLogic specification's own suites ({@code ../shared/corpora/certlogic-spec}): every assertion of
 * {@code testSuite/*.json} is evaluated and deep-compared with its expected value, and every case of
 * {@code validation-testSuite/*.json} must get exactly as many issues as it lists. {@code "directive": "skip"} is
 * honoured on suites, cases and assertions, and each skip is printed with its reason; {@code "only"} is a
 * debugging aid upstream and runs like any other.
 */
class CertLogicConformanceTest {
    private static final Path SPEC = Corpora.root().resolve("certlogic-spec/certlogic/specification");
    /** Why upstream skips what it skips, by suite file; a skip in any other file fails the test. */
    private static final Map<String, String> SKIP_REASONS = Map.of(
            "patched-reduce.json", "suite marked skip upstream: a reduce whose lambda also sees the outer data "
                    + "(\"data\") is only a possible future extension, not CertLogic 1.3.3",
            "ins-with-nulls.json", "assertion marked skip upstream: its 2nd operand of in is null, not an array, "
                    + "which CertLogic 1.3.3 makes an error rather than false");
    private static final AtomicInteger assertions = new AtomicInteger();
    private static final AtomicInteger passed = new AtomicInteger();
    private static final List<String> skipped = new ArrayList<>();
    private static final AtomicInteger validationCases = new AtomicInteger();
    private static final AtomicInteger validationPassed = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> everyEvaluatorAssertionGivesItsExpectedValue() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : jsonFiles(SPEC.resolve("testSuite"))) {
            CBORObject suite = Corpora.json(file);
            String suiteName = file.getFileName() + " (" + suite.get("name").AsString() + ")";
            boolean suiteSkipped = isSkip(suite);
            int caseNo = 0;
            for (CBORObject testCase : suite.get("cases").getValues()) {
                caseNo++;
                String caseName = suiteName + " / " + text(testCase, "name", "case " + caseNo);
                boolean caseSkipped = suiteSkipped || isSkip(testCase);
                int assertionNo = 0;
                for (CBORObject assertion : testCase.get("assertions").getValues()) {
                    assertionNo++;
                    String name = caseName + " / #" + assertionNo + " " + text(assertion, "message", "");
                    if (caseSkipped || isSkip(assertion)) {
                        String reason = SKIP_REASONS.get(file.getFileName().toString());
                        assertThat(reason).as("reason for skipping %s", name).isNotNull();
                        skipped.add(name + ": " + reason);
                        continue;
                    }
                    CBORObject expression = assertion.ContainsKey("certLogicExpression")
                            ? assertion.get("certLogicExpression") : testCase.get("certLogicExpression");
                    tests.add(DynamicTest.dynamicTest(name, () -> checkAssertion(name, expression, assertion)));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> validatorReportsExactlyTheListedIssues() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : jsonFiles(SPEC.resolve("validation-testSuite"))) {
            CBORObject suite = Corpora.json(file);
            int caseNo = 0;
            for (CBORObject testCase : suite.get("cases").getValues()) {
                caseNo++;
                String name = file.getFileName() + " / case " + caseNo + " "
                        + testCase.get("certLogicExpression").ToJSONString();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    validationCases.incrementAndGet();
                    List<Issue> issues = CertLogic.validate(testCase.get("certLogicExpression"), Bounds.DEFAULT);
                    assertThat(issues).as(name).hasSize(testCase.get("issues").size());
                    validationPassed.incrementAndGet();
                }));
            }
        }
        return tests.stream();
    }

    @AfterAll
    static void printFigures() {
        System.out.printf("CertLogic spec suite: %d assertions run, %d passed, %d skipped%n",
                assertions.get(), passed.get(), skipped.size());
        skipped.forEach(s -> System.out.println("  skipped: " + s));
        System.out.printf("CertLogic validation suite: %d cases run, %d passed%n", validationCases.get(),
                validationPassed.get());
        assertThat(assertions.get() + skipped.size()).as("assertions in the suite").isEqualTo(232);
        assertThat(validationCases.get()).as("validation cases in the suite").isEqualTo(23);
    }

    private static void checkAssertion(String name, CBORObject expression, CBORObject assertion) {
        assertions.incrementAndGet();
        assertThat(CertLogic.validate(expression, Bounds.DEFAULT)).as("issues of %s", name).isEmpty();
        Evaluation result = CertLogic.evaluate(expression, assertion.get("data"), Bounds.DEFAULT);
        assertThat(result.failure()).as("failure of %s", name).isNull();
        CBORObject expected = assertion.get("expected");
        assertThat(CertLogic.sameJson(result.value(), expected))
                .as("%s: expected %s, got %s", name, expected.ToJSONString(), result.value().ToJSONString())
                .isTrue();
        passed.incrementAndGet();
    }

    private static boolean isSkip(CBORObject node) {
        CBORObject directive = node.get("directive");
        return directive != null && "skip".equals(directive.AsString());
    }

    private static String text(CBORObject node, String key, String fallback) {
        CBORObject value = node.get(key);
        return value == null ? fallback : value.AsString();
    }

    static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
