package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.testing.Corpora;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every card test and key test of the SMART Health Cards dev-tools through {@code passgate verify --batch}
 * (see {@link ShcDevToolsCases} for how each input becomes scanner text) and compares accept/reject with upstream's
 * expectation. A card case is accepted when every text it maps to is VALID; an image that gives no text, an
 * error answer (trust refused) or any other verdict rejects it. Every disagreement is named below with its
 * reason, and a named disagreement that no longer disagrees fails the test, so the list stays true.
 */
class ShcDevToolsConformanceTest {
    private static final String WHITESPACE = "the whitespace is around the JWS or JSON file, which a kiosk never "
            + "reads: a kiosk reads the QR text an issuer prints from the JWS, and that text has no whitespace (the "
            + "numeric QR case with trailing characters, which a reader could deliver, is rejected as upstream "
            + "expects)";
    private static final String SYMBOL = "a property of the printed QR symbol (version, segments), which a reader "
            + "does not deliver; the decoded text is a good card";
    private static final String REVOKED = "dev-tools checks that a CRL is well formed but does not look the card's "
            + "rid up in it; example 03's rid is revoked in the example CRL after its nbf, so passgate answers "
            + "REVOKED (ShcExamplesTest asserts it)";

    /** Upstream expectation and passgate's answer differ for these, for the reason given. */
    private static final Map<String, String> DISAGREEMENTS = Map.of(
            "Cards: fhir bundle w/ trailing chars", WHITESPACE,
            "Cards: jws w/ trailing chars", WHITESPACE,
            "Cards: health card w/ trailing chars", WHITESPACE,
            "Cards: single segment QR", SYMBOL,
            "Cards: invalid QR version", SYMBOL,
            "Cards: valid 03 JWS", REVOKED,
            "Cards: valid 03 health card", REVOKED,
            "Cards: valid 03 QR numeric", REVOKED,
            "Cards: valid 03 QR code", REVOKED);

    private static final List<ShcDevToolsCases.Case> cases = new ArrayList<>();
    private static final Map<String, CBORObject> answers = new LinkedHashMap<>();
    private static final List<String> agreed = new ArrayList<>();
    private static final List<String> named = new ArrayList<>();
    private static final List<String> keysAgreed = new ArrayList<>();
    @TempDir
    static Path work;

    @BeforeAll
    static void runEveryCardCaseThroughBatch() {
        CBORObject expectations = ShcDevToolsCases.expectations();
        ShcDevToolsCases mapper = new ShcDevToolsCases(expectations.get("constants"), work);
        StringBuilder batch = new StringBuilder();
        List<CBORObject> tests = List.copyOf(expectations.get("card_tests").getValues());
        for (int i = 0; i < tests.size(); i++) {
            ShcDevToolsCases.Case c = mapper.map(i, tests.get(i));
            cases.add(c);
            for (int t = 0; t < c.texts().size(); t++) {
                batch.append(CBORObject.NewOrderedMap().Add("id", c.id(t)).Add("text", c.texts().get(t))
                        .Add("at", c.at()).Add("trust", c.trust()).ToJSONString()).append('\n');
            }
        }
        Clock wallClockMustNotBeUsed = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC);
        CliRun run = CliRun.verify(batch.toString(), wallClockMustNotBeUsed, "--batch", "--policy", "none");
        for (String line : run.lines()) {
            CBORObject answer = CBORObject.FromJSONString(line);
            answers.put(answer.get("id").AsString(), answer);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCardCaseAgreesOrIsANamedDisagreement() {
        return cases.stream().filter(c -> c.skip() == null)
                .map(c -> DynamicTest.dynamicTest(c.index() + " " + c.name(), () -> checkCase(c)));
    }

    @TestFactory
    Stream<DynamicTest> everyKeyTestIsAcceptedOrRefusedAsUpstreamExpects() {
        CBORObject keyTests = ShcDevToolsCases.expectations().get("key_tests");
        return keyTests.getValues().stream().map(test -> DynamicTest.dynamicTest(test.get("test").AsString(),
                () -> checkKeyTest(test)));
    }

    @AfterAll
    static void printFigures() {
        Map<String, Integer> verdicts = new TreeMap<>();
        answers.values().forEach(a -> verdicts.merge(a.get("verdict") == null ? "error (trust refused)"
                : a.get("verdict").AsString(), 1, Integer::sum));
        List<String> skipped = cases.stream().filter(c -> c.skip() != null).map(c -> c.name() + ": " + c.skip())
                .toList();
        System.out.printf("SMART Health Cards dev-tools conformance: %d card cases, %d agreed, %d named "
                        + "disagreements %s, %d skipped %s; key tests %d/15 agreed; answers %s%n", cases.size(),
                agreed.size(), named.size(), named, skipped.size(), skipped, keysAgreed.size(), verdicts);
        assertThat(agreed.size() + named.size() + skipped.size()).isEqualTo(cases.size());
    }

    private static void checkCase(ShcDevToolsCases.Case c) {
        List<String> rejections = new ArrayList<>();
        c.undecoded().forEach(image -> rejections.add(image + ": no QR code decoded"));
        for (int t = 0; t < c.texts().size(); t++) {
            CBORObject answer = answers.get(c.id(t));
            assertThat(answer).as("answer for %s text %d", c.name(), t).isNotNull();
            if (answer.get("error") != null) {
                rejections.add("trust refused: " + answer.get("error").AsString());
            } else if (!answer.get("verdict").AsString().equals("VALID")) {
                rejections.add(answer.get("verdict").AsString() + ": " + answer.get("reason").AsString());
            }
        }
        assertThat(c.texts().size() + c.undecoded().size()).as("inputs of %s", c.name()).isPositive();
        boolean rejected = !rejections.isEmpty();
        String disagreement = DISAGREEMENTS.get(c.name());
        String summary = c.name() + " " + c.files() + ": expected " + (c.expectRejection() ? "reject" : "accept")
                + ", passgate " + (rejected ? "rejected " + rejections : "accepted");
        if (Boolean.getBoolean("passgate.verbose")) {
            System.out.println(c.index() + " " + summary);
        }
        if (disagreement == null) {
            assertThat(rejected).as(summary).isEqualTo(c.expectRejection());
            agreed.add(c.name());
        } else {
            assertThat(rejected).as("named disagreement no longer disagrees: " + summary)
                    .isNotEqualTo(c.expectRejection());
            named.add(c.name());
        }
    }

    private static void checkKeyTest(CBORObject test) {
        String file = test.get("file").AsString();
        CBORObject jwks = Corpora.json(ShcDevToolsCases.file(file));
        CBORObject san = test.get("subjectAltName_arg");
        String iss = san == null || san.isNull() ? null : san.AsString().equals("EXPECTED_SUBJECT_ALT_NAME")
                ? "https://smarthealth.cards/examples/issuer" : san.AsString().replace("'", "");
        CBORObject trust = iss == null ? jwks : CBORObject.NewOrderedMap().Add("iss", iss).Add("jwks", jwks);
        String text = ShcDevToolsCases.read(ShcDevToolsCases.file("example-00-f-qr-code-numeric-value-0.txt"));
        String request = CBORObject.NewOrderedMap().Add("id", file).Add("text", text)
                .Add("at", ShcDevToolsCases.EXAMPLES_CLOCK).Add("trust", CBORObject.NewArray().Add(trust))
                .ToJSONString();
        CBORObject answer = CBORObject.FromJSONString(CliRun.verify(request + "\n",
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), "--batch").lines().get(0));
        String assertion = test.get("assert").AsString();
        if (assertion.startsWith("toHaveLength")) {
            assertThat(answer.get("error")).as("%s must be accepted; answer %s", file, answer).isNull();
        } else {
            assertThat(answer.get("error")).as("%s must be refused", file).isNotNull();
            assertThat(answer.get("error").AsString()).as("refusal of %s", file).contains(reasonFor(assertion));
        }
        keysAgreed.add(file);
    }

    /** The words of passgate's refusal that match upstream's error code. */
    private static String reasonFor(String assertion) {
        if (assertion.contains("WRONG_KID")) {
            return "expected the key's thumbprint";
        }
        if (assertion.contains("PRIVATE")) {
            return "private key";
        }
        if (assertion.contains("X5C")) {
            return "x5c";
        }
        for (String member : List.of("USE", "ALG", "KTY", "CRV")) {
            if (assertion.contains("WRONG_" + member)) {
                return "found " + member.toLowerCase(Locale.ROOT);
            }
        }
        throw new IllegalStateException("no reason known for " + assertion);
    }
}
