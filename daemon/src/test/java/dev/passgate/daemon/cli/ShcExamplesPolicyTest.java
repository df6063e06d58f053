package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.testing.Corpora;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SMART Health Cards specification examples under the real policies: {@code passgate verify --policy kr-2022}
 * (and eu-2022) reads every dose on the card as the holder's history instead of refusing a card for holding more
 * than one entry. Example 03 (Moderna 2021-03-01 and 2021-03-29, a 2/2 primary series) is trusted without its CRL
 * so that the policy decides: the series expired long before 2023-07-01. Examples 00 and 01 add a third dose of
 * CVX 229, a product passgate does not map to an EU product number: that dose is no proof for the venue, so the
 * holder's standing is the expired primary series too.
 */
class ShcExamplesPolicyTest {
    private static final Path EXAMPLES = Corpora.root().resolve("smart-health-cards-examples/examples");
    private static final Clock WALL_CLOCK_MUST_NOT_BE_USED = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"),
            ZoneOffset.UTC);

    @Test
    void krAndEuPoliciesAnswerTheSpecExamplesByTheHoldersDoses() {
        List<String> policies = List.of("kr-2022", "eu-2022");
        for (String policy : policies) {
            String batch = String.join("\n", request("00", "2023-07-01T00:00:00Z"),
                    request("01", "2023-07-01T00:00:00Z"), request("03", "2023-07-01T00:00:00Z")) + "\n";

            CliRun run = CliRun.verify(batch, WALL_CLOCK_MUST_NOT_BE_USED, "--batch", "--policy", policy);

            List<CBORObject> answers = run.lines().stream().map(CBORObject::FromJSONString).toList();
            System.out.println("SMART Health Cards spec examples under " + policy + ": " + answers.stream()
                    .map(a -> a.get("id").AsString() + " " + a.get("verdict").AsString() + " ("
                            + a.get("reason").AsString() + ")").toList());
            String prefix = policy.equals("kr-2022") ? "KR" : "EU";
            assertThat(answers).extracting(a -> a.get("verdict").AsString())
                    .containsExactly("EXPIRED", "EXPIRED", "EXPIRED");
            assertThat(answers.get(0).get("reason").AsString()).contains(prefix + "-V-0005")
                    .doesNotContain("exactly one");
            assertThat(answers.get(2).get("reason").AsString()).contains(prefix + "-V-0005")
                    .doesNotContain("exactly one");
            assertThat(run.out()).doesNotContain("Anyperson", "1951-01-20", "1960-04-22");
        }
    }

    private static String request(String example, String at) {
        CBORObject trust = ShcDevToolsCases.exampleTrust();
        CBORObject withoutCrl = CBORObject.NewOrderedMap().Add("iss", trust.get("iss")).Add("jwks", trust.get("jwks"));
        return CBORObject.NewOrderedMap().Add("id", example + "@" + at).Add("text", numeric(example)).Add("at", at)
                .Add("trust", CBORObject.NewArray().Add(withoutCrl)).ToJSONString();
    }

    private static String numeric(String example) {
        return ShcDevToolsCases.read(EXAMPLES.resolve("example-" + example + "-f-qr-code-numeric-value-0.txt"))
                .strip();
    }
}
