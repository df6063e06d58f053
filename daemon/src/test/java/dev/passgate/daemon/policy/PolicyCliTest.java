package dev.passgate.daemon.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code passgate verify} with the shipped policies: --policy, the kr-2022 default, and batch requests. */
class PolicyCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-03-01T03:00:00Z"), ZoneOffset.UTC);
    private static final String PASS = PolicyPasses.sign(PolicyPasses.vaccination(PolicyPasses.ADULT,
            PolicyPasses.COMIRNATY, 2, 2, "2022-01-01"));

    @TempDir
    Path dir;

    @Test
    void policyOptionPicksTheRuleSetAndDefaultIsKr2022() throws Exception {
        String trust = trustFile().toString();

        CBORObject kr = answer(CliRun.verify("", CLOCK, "--trust", trust, "--at", "2022-07-13T15:00:00Z",
                "--policy", "kr-2022", PASS));
        CBORObject byDefault = answer(CliRun.verify("", CLOCK, "--trust", trust, "--at", "2022-07-13T15:00:00Z",
                PASS));
        CBORObject eu = answer(CliRun.verify("", CLOCK, "--trust", trust, "--at", "2022-07-13T15:00:00Z",
                "--policy", "eu-2022", PASS));
        CBORObject none = answer(CliRun.verify("", CLOCK, "--trust", trust, "--at", "2023-07-13T15:00:00Z",
                "--policy", "none", PASS));

        assertThat(kr.get("verdict").AsString()).isEqualTo("EXPIRED");
        assertThat(kr.get("checks").get("policy").AsBoolean()).isFalse();
        assertThat(kr.get("reason").AsString()).contains("kr-2022 KR-V-0005");
        assertThat(byDefault.get("verdict").AsString()).isEqualTo("EXPIRED");
        assertThat(eu.get("verdict").AsString()).isEqualTo("VALID");
        assertThat(eu.get("checks").get("policy").AsBoolean()).isTrue();
        assertThat(none.get("verdict").AsString()).isEqualTo("VALID");
        assertThat(none.get("checks").ContainsKey("policy")).isFalse();
    }

    @Test
    void batchRequestsMayNameTheirPolicyAndAnswersCarryNoPersonalData() {
        String cert = Base64.getEncoder().encodeToString(certificateDer());
        String exempt = PolicyPasses.sign(PolicyPasses.vaccination("2006-08-19", PolicyPasses.COMIRNATY, 2, 2,
                "2022-01-01"));
        String batch = String.join("\n",
                request(1, PASS, "2022-01-14T14:59:59Z", "kr-2022", cert),
                request(2, PASS, "2022-01-14T15:00:00Z", "kr-2022", cert),
                request(3, PASS, "2022-01-14T15:00:00Z", "eu-2022", cert),
                request(4, exempt, "2022-03-01T03:00:00Z", "kr-2022", cert),
                request(5, exempt, "2022-03-01T03:00:00Z", "eu-2022", cert),
                request(6, PASS, "2022-03-01T03:00:00Z", "no-such-policy", cert)) + "\n";

        CliRun run = CliRun.verify(batch, CLOCK, "--batch");

        CBORObject[] answers = run.lines().stream().map(CBORObject::FromJSONString).toArray(CBORObject[]::new);
        assertThat(answers).extracting(a -> a.get("verdict") == null ? "error" : a.get("verdict").AsString())
                .containsExactly("NOT_YET_VALID", "VALID", "NOT_YET_VALID", "POLICY_REJECTED", "VALID", "error");
        assertThat(answers[3].get("reason").AsString()).startsWith("EXEMPT_CHECK_ID:");
        assertThat(answers[5].get("error").AsString()).contains("kr-2022", "eu-2022", "none");
        assertThat(run.out()).doesNotContain("CHOI", "YUNA", "1990-05-17", "2006-08-19");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    private static String request(int id, String text, String at, String policy, String cert) {
        return CBORObject.NewOrderedMap().Add("id", id).Add("text", text).Add("at", at).Add("policy", policy)
                .Add("trust", CBORObject.NewArray().Add(cert)).ToJSONString();
    }

    private static CBORObject answer(CliRun run) {
        assertThat(run.err()).isEmpty();
        return CBORObject.FromJSONString(run.lines().get(0));
    }

    private static byte[] certificateDer() {
        try {
            return PolicyPasses.issuer().certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path trustFile() throws Exception {
        return Files.writeString(dir.resolve("dsc.txt"), Base64.getEncoder().encodeToString(certificateDer()));
    }
}
