package dev.passgate.daemon.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PolicyFileTest {

    @Test
    void goldenVersion1FileStillReadsAndDecides() throws IOException {
        PolicyFile.Result result = PolicyFile.parse("golden-v1.json", resource("/policy/golden-v1.json"));

        assertThat(result.errors()).isEmpty();
        RulePolicy golden = result.policy();
        assertThat(golden.name()).isEqualTo("golden-v1");
        assertThat(golden.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(golden.rules()).extracting(PolicyRule::id)
                .containsExactly("G-0001", "G-V-0001", "G-V-0002", "G-V-0003", "G-T-0001", "G-R-0001");
        String dose = PolicyPasses.sign(PolicyPasses.vaccination("1990-01-01", "EU/1/20/1528", 2, 2, "2022-01-01"));
        assertThat(decide(golden, dose, "2022-01-01T12:00:00Z").verdict()).isEqualTo(Verdict.NOT_YET_VALID);
        assertThat(decide(golden, dose, "2022-01-11T12:00:00Z").verdict()).isEqualTo(Verdict.VALID);
        assertThat(decide(golden, dose, "2022-01-12T12:00:00Z").verdict()).isEqualTo(Verdict.EXPIRED);
        String test = PolicyPasses.sign(PolicyPasses.test("1990-01-01", "LP6464-4", "260415000",
                "2022-01-01T10:00:00Z"));
        assertThat(decide(golden, test, "2022-01-01T12:00:00Z").reason()).startsWith("only vaccinations are taken");
    }

    @Test
    void everyShippedPolicyLoadsAndEveryPolicyResourceIsShipped() throws IOException, URISyntaxException {
        Path folder = Path.of(Policies.class.getResource("kr-2022.json").toURI()).getParent();
        List<String> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - 5)).sorted().toList();
        }

        assertThat(Policies.names()).containsExactly("none", "kr-2022", "eu-2022");
        assertThat(files).containsExactlyInAnyOrder("kr-2022", "eu-2022");
        for (String name : Policies.names()) {
            assertThat(Policies.named(name)).as(name).isPresent().get().extracting(Policy::name).isEqualTo(name);
        }
        assertThat(Policies.named(Policies.DEFAULT)).isPresent();
        assertThat(Policies.named("../kr-2022")).isEmpty();
        assertThat(((RulePolicy) Policies.named("kr-2022").orElseThrow()).zone()).isEqualTo(ZoneId.of("Asia/Seoul"));
        assertThat(((RulePolicy) Policies.named("eu-2022").orElseThrow()).zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void readerIsStrictAndReportsEveryErrorAtOnce() {
        String json = """
                {"format": "passgate-policy", "version": 2, "name": "Bad Name", "description": "d",
                 "timeZone": "Mars/Olympus", "colour": "red", "valueSets": {"a": "not an array"},
                 "rules": [
                   {"id": "A", "certificateType": "q", "description": "d", "verdict": "VALID", "reason": "r",
                    "logic": true},
                   {"id": "A", "certificateType": "v", "description": "d", "verdict": "EXPIRED", "reason": "r",
                    "logic": true},
                   {"id": "B", "certificateType": "t", "description": "d", "verdict": "EXPIRED",
                    "logic": {"or": [true, false]}, "note": "x"}
                 ]}
                """;

        PolicyFile.Result result = PolicyFile.parse("bad.json", json);

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).containsExactlyInAnyOrder(
                "bad.json: version: found 2, expected 1",
                "bad.json: name: found \"Bad Name\", expected lower-case letters, digits and hyphens",
                "bad.json: timeZone: found \"Mars/Olympus\", expected a time zone id such as Asia/Seoul or UTC",
                "bad.json: colour: found an unknown key, expected one of format, version, name, "
                        + "description, timeZone, valueSets, rules",
                "bad.json: valueSets.a: found TextString, expected an array",
                "bad.json: rules[0].certificateType: found \"q\", expected v, t, r, x or any",
                "bad.json: rules[0].verdict: found \"VALID\", expected NOT_YET_VALID, EXPIRED or POLICY_REJECTED",
                "bad.json: rules[1].id: found \"A\", expected an id not used by an earlier rule",
                "bad.json: rules[2].note: found an unknown key, expected one of id, certificateType, "
                        + "description, verdict, reason, logic, source",
                "bad.json: rules[2].reason: found nothing, expected a non-empty string",
                "bad.json: rules[2].logic: found {\"or\":[true,false]}, expected valid CertLogic (unrecognised "
                        + "operator: \"or\")");
    }

    @Test
    void textThatIsNotJsonIsOneError() {
        assertThat(PolicyFile.parse("x.json", "{\"rules\": [").errors()).singleElement().asString()
                .startsWith("x.json: not JSON");
        assertThat(PolicyFile.parse("x.json", "[]").errors()).containsExactly(
                "x.json: found Array, expected a JSON object");
    }

    @Test
    void aPolicyNeverTurnsAnInvalidPassValid() {
        String dose = PolicyPasses.sign(PolicyPasses.vaccination("1990-01-01", "EU/1/20/1528", 2, 2, "2022-01-01"));
        Outcome beforeIssuer = new PassVerifier(Limits.DEFAULT).verify(dose, PolicyPasses.trust(),
                Instant.parse("2019-06-01T00:00:00Z"), Policies.named("kr-2022").orElseThrow());

        assertThat(beforeIssuer.verdict()).isEqualTo(Verdict.NOT_YET_VALID);
        assertThat(beforeIssuer.checks()).doesNotContainKey("policy");
    }

    private static Outcome decide(RulePolicy policy, String text, String at) {
        Instant instant = Instant.parse(at);
        Outcome verified = new PassVerifier(Limits.DEFAULT).verify(text, PolicyPasses.trust(), instant,
                Policies.named("none").orElseThrow());
        return policy.apply(verified, instant);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PolicyFileTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
