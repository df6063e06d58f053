package dev.passgate.daemon.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.Forgery;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.verify.schema.DccSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The kiosk's schema decision, end to end with passes signed by a trusted issuer: a schema failure only warns
 * ({@code checks.schema=false}, the pass stays VALID), while a certificate without
 * {@link DccSchema#STRUCTURAL_MINIMUM} is MALFORMED.
 */
class SchemaLeniencyTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("schema test issuer", NOW.minus(Duration.ofDays(99)),
            NOW.plus(Duration.ofDays(99)));
    private static final TrustStore TRUST = TrustStore.builder().add(ISSUER.certificate()).build();
    private static final Policy NONE = Policies.named("none").orElseThrow();
    private final PassVerifier verifier = new PassVerifier(Limits.DEFAULT);

    @Test
    void aPassThatMeetsItsSchemaIsValidWithTheSchemaCheckPassed() {
        Outcome outcome = verify(hcert -> { });

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).containsEntry("schema", true);
        assertThat(outcome.checks().keySet()).containsExactly("prefix", "base45", "inflate", "cose", "cbor", "schema",
                "signature", "keyusage", "validity");
        assertThat(outcome.reason()).isEqualTo("signature, key usage and validity are good");
    }

    @Test
    void bulgarianStyleNullsAndDateTimesOnlyWarn() {
        Outcome outcome = verify(hcert -> {
            hcert.set("ver", CBORObject.FromObject("1.0.0"));
            hcert.set("dob", CBORObject.FromObject("1978-01-26T00:00:00"));
            hcert.set("t", CBORObject.Null);
            hcert.set("r", CBORObject.Null);
        });

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).containsEntry("schema", false).containsEntry("signature", true);
        assertThat(outcome.reason()).startsWith("signature, key usage and validity are good, but the content "
                + "departs from DCC schema 1.0.0: /dob ");
    }

    @Test
    void anEmptyCountryAndAPartialDateOfBirthOnlyWarn() {
        Outcome outcome = verify(hcert -> {
            hcert.set("ver", CBORObject.FromObject("1.0.0"));
            hcert.set("dob", CBORObject.FromObject("1963-00"));
            hcert.get("v").get(0).set("co", CBORObject.FromObject(""));
        });

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).containsEntry("schema", false);
        assertThat(outcome.reason()).doesNotContain("1963", "GILDONG").contains("DCC schema 1.0.0: /dob ");
    }

    @Test
    void missingStructuralMinimumIsMalformedWithEveryLaterStepStillEvaluated() {
        List<Consumer<CBORObject>> breaks = List.of(
            hcert -> hcert.set("t", hcert.get("v")),
            hcert -> hcert.Remove(CBORObject.FromObject("v")),
            hcert -> hcert.set("v", CBORObject.NewArray()),
            hcert -> hcert.set("v", CBORObject.Null),
            hcert -> hcert.set("v", CBORObject.NewArray().Add(1)),
            hcert -> hcert.Remove(CBORObject.FromObject("dob")),
            hcert -> hcert.set("dob", CBORObject.FromObject(19630101)),
            hcert -> hcert.Remove(CBORObject.FromObject("nam")),
            hcert -> hcert.set("nam", CBORObject.FromObject("HONG GILDONG")));

        for (Consumer<CBORObject> broken : breaks) {
            Outcome outcome = verify(broken);

            assertThat(outcome.verdict()).isEqualTo(Verdict.MALFORMED);
            assertThat(outcome.checks()).containsEntry("schema", false).containsEntry("signature", true)
                    .containsKeys("keyusage", "validity");
            assertThat(outcome.reason()).startsWith("the certificate lacks its structural minimum: ")
                    .doesNotContain("GILDONG", "1990");
        }
    }

    @Test
    void aBadSignatureOutranksAMissingStructuralMinimum() {
        String code = Forgery.flipSignatureBit(sign(hcert -> hcert.Remove(CBORObject.FromObject("dob"))));

        Outcome outcome = verifier.verify(code, TRUST, NOW, NONE);

        assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID_SIGNATURE);
        assertThat(outcome.checks()).containsEntry("schema", false).containsEntry("signature", false);
    }

    private Outcome verify(Consumer<CBORObject> edit) {
        return verifier.verify(sign(edit), TRUST, NOW, NONE);
    }

    private static String sign(Consumer<CBORObject> edit) {
        CBORObject entry = CBORObject.NewOrderedMap()
                .Add("tg", "840539006").Add("vp", "1119349007").Add("mp", "EU/1/20/1528")
                .Add("ma", "ORG-100030215").Add("dn", 2).Add("sd", 2).Add("dt", "2021-12-01")
                .Add("co", "KR").Add("is", "schema test issuer").Add("ci", "URN:UVCI:01:KR:SCHEMA#1");
        CBORObject hcert = CBORObject.NewOrderedMap()
                .Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fn", "HONG").Add("fnt", "HONG")
                        .Add("gn", "GILDONG").Add("gnt", "GILDONG"))
                .Add("dob", "1990-05-17")
                .Add("v", CBORObject.NewArray().Add(entry));
        edit.accept(hcert);
        return ISSUER.sign(hcert, "KR", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    }
}
