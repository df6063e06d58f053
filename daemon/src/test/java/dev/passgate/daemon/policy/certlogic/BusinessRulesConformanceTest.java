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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the real (unofficial) country rule sets of {@code ../shared/corpora/dgc-business-rules-testdata}: for each
 * {@code <CC>/<RuleId>/tests/testNNN.json}, the rule's {@code Logic} is evaluated on
 * <code>{"payload": payload, "external": external}</code> and the result deep-compared with {@code expected}.
 * The data is used as it is: the four NL/GR-NL-0002 tests that put the value sets directly under
 * {@code external} pass because that rule reads no value set, and the test without a payload evaluates with the
 * payload absent (null). Every rule's logic, including the 7 MT rules that have no tests, must also pass the
 * static validator, except VR-MT-0005, whose {@code if} has 4 operands upstream: there the validator must find
 * exactly that issue. No rule test is skipped; one MT rule file that is not JSON is skipped, named below.
 */
class BusinessRulesConformanceTest {
    private static final Path ROOT = Corpora.root().resolve("dgc-business-rules-testdata");
    /** Files that are not rules to run, with the reason; the data is used as it is. */
    private static final Map<String, String> SKIPPED = Map.of("MT/RR-MT-0001/TR-MT-0001.json",
            "not JSON upstream (a trailing comma after \"LP217198-3\"); a stray draft beside RR-MT-0001, no tests");
    /** Rules that are invalid upstream, with the one issue the validator must find in each. */
    private static final Map<String, String> INVALID = Map.of("VR-MT-0005",
            "operator \"if\" takes exactly 3 operands, found 4");
    private static final List<String> skippedSeen = new ArrayList<>();
    private static final AtomicInteger rules = new AtomicInteger();
    private static final AtomicInteger run = new AtomicInteger();
    private static final AtomicInteger passed = new AtomicInteger();
    private static final AtomicLong steps = new AtomicLong();
    private static final AtomicInteger mostSteps = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> everyRuleTestGivesItsExpectedResult() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path ruleFile : ruleFiles()) {
            String skipReason = SKIPPED.get(ROOT.relativize(ruleFile).toString());
            if (skipReason != null) {
                skippedSeen.add(ROOT.relativize(ruleFile) + ": " + skipReason);
                continue;
            }
            CBORObject rule = Corpora.json(ruleFile);
            String id = rule.get("Identifier").AsString();
            tests.add(DynamicTest.dynamicTest(id + " validates", () -> {
                rules.incrementAndGet();
                List<Issue> issues = CertLogic.validate(rule.get("Logic"), Bounds.DEFAULT);
                if (INVALID.containsKey(id)) {
                    assertThat(issues).as(id).singleElement().extracting(Issue::message).asString()
                            .contains(INVALID.get(id));
                } else {
                    assertThat(issues).as(id).isEmpty();
                }
            }));
            Path testDir = ruleFile.resolveSibling("tests");
            if (!ruleFile.getFileName().toString().equals("rule.json") || !Files.isDirectory(testDir)) {
                continue;
            }
            for (Path testFile : CertLogicConformanceTest.jsonFiles(testDir)) {
                String name = id + " / " + testFile.getFileName();
                tests.add(DynamicTest.dynamicTest(name, () -> checkTest(name, rule, Corpora.json(testFile))));
            }
        }
        return tests.stream();
    }

    @AfterAll
    static void printFigures() {
        System.out.printf("CertLogic business rules: %d rules validated, %d rule tests run, %d passed, 0 tests "
                + "skipped, %d rule files skipped, %d evaluation steps in all, at most %d for one test%n",
                rules.get(), run.get(), passed.get(), skippedSeen.size(), steps.get(), mostSteps.get());
        skippedSeen.forEach(s -> System.out.println("  skipped: " + s));
        assertThat(rules.get()).as("rules in the corpus (138 with tests, 7 MT without)").isEqualTo(145);
        assertThat(run.get()).as("rule tests in the corpus").isEqualTo(926);
    }

    private static void checkTest(String name, CBORObject rule, CBORObject test) {
        run.incrementAndGet();
        CBORObject data = CBORObject.NewOrderedMap();
        if (test.ContainsKey("payload")) {
            data.Add("payload", test.get("payload"));
        }
        data.Add("external", test.get("external"));
        Evaluation result = CertLogic.evaluate(rule.get("Logic"), data, Bounds.DEFAULT);
        steps.addAndGet(result.steps());
        mostSteps.accumulateAndGet(result.steps(), Math::max);
        assertThat(result.failure()).as("failure of %s", name).isNull();
        assertThat(CertLogic.sameJson(result.value(), test.get("expected")))
                .as("%s (%s): expected %s, got %s", name, test.get("name"), test.get("expected").ToJSONString(),
                        result.value().ToJSONString())
                .isTrue();
        passed.incrementAndGet();
    }

    /** Every {@code <CC>/<RuleId>/*.json}: {@code rule.json}, and the MT rules, which are named by their id. */
    private static List<Path> ruleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT, 3)) {
            return files.filter(f -> ROOT.relativize(f).getNameCount() == 3 && f.toString().endsWith(".json")
                            && ROOT.relativize(f).getName(0).toString().matches("[A-Z]{2}"))
                    .sorted().toList();
        }
    }
}
