package dev.passgate.daemon.verify.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Value-set checks in the schema step: a code outside its EU value set is a warning naming the field and the
 * value set ({@code checks.valuesets=false}); it never rejects a pass on its own.
 */
class ValueSetsTest {
    private static final Instant ISSUED = Instant.parse("2022-01-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2023-01-01T00:00:00Z");

    @Test
    void aCertificateWithCodesFromTheValueSetsHasNoFinding() {
        assertThat(DccSchema.shipped().check(test("LP217198-3", "1232")).valueSetFindings()).isEmpty();
        assertThat(DccSchema.shipped().check(vaccination("EU/1/20/1528")).valueSetFindings()).isEmpty();
    }

    @Test
    void aTestDeviceOrProductOutsideTheValueSetsIsASchemaFinding() {
        DccSchema.Result device = DccSchema.shipped().check(test("LP217198-3", "999999"));
        DccSchema.Result product = DccSchema.shipped().check(vaccination("EU/1/20/9999"));

        assertThat(device.valueSetFindings()).containsExactly(
                "t[0].ma is not in the EU value set covid-19-lab-test-manufacturer-and-name");
        assertThat(product.valueSetFindings()).containsExactly(
                "v[0].mp is not in the EU value set vaccines-covid-19-names");
        assertThat(device.structurallySound()).isTrue();
        assertThat(device.violations()).as("the JSON schema itself is met").isEmpty();
    }

    @Test
    void valueSetsFromElsewhereReplaceTheShippedOnes() {
        ValueSets newer = ValueSets.parse("{\"vaccines-covid-19-names\": [\"EU/1/20/9999\"]}").orElseThrow();

        assertThat(DccSchema.shipped().withValueSets(newer).check(vaccination("EU/1/20/9999")).valueSetFindings())
                .isEmpty();
        assertThat(ValueSets.parse("[1, 2]")).isEmpty();
        assertThat(ValueSets.parse("{\"a\": [1]}")).isEmpty();
        assertThat(ValueSets.shipped().ids()).contains("vaccines-covid-19-names", "country-2-codes");
    }

    @Test
    void aWrongDeviceIdOnlyWarnsThroughTheVerifier() throws TrustException {
        Hc1Issuer issuer = Hc1Issuer.create("value set test", ISSUED, EXPIRES);
        TrustStore trust = TrustStore.builder().add(issuer.certificate()).build();

        Outcome outcome = new PassVerifier(Limits.DEFAULT).verify(issuer.sign(test("LP217198-3", "999999"), "KR",
                ISSUED, EXPIRES), trust, Instant.parse("2022-06-01T00:00:00Z"), Policies.named("none").orElseThrow());

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).containsEntry("schema", true).containsEntry("valuesets", false);
        assertThat(outcome.reason()).contains("t[0].ma is not in the EU value set").doesNotContain("999999");
    }

    private static CBORObject holder() {
        return CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "CHOI").Add("gnt", "YUNA"))
                .Add("dob", "1990-05-17");
    }

    private static CBORObject vaccination(String product) {
        return holder().Add("v", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("tg", "840539006")
                .Add("vp", "1119349007").Add("mp", product).Add("ma", "ORG-100030215").Add("dn", 2).Add("sd", 2)
                .Add("dt", "2022-01-01").Add("co", "KR").Add("is", "value set test").Add("ci", "URN:UVCI:01:KR:VS#1")));
    }

    private static CBORObject test(String type, String device) {
        return holder().Add("t", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("tg", "840539006")
                .Add("tt", type).Add("ma", device).Add("sc", "2022-05-31T10:00:00Z").Add("tr", "260415000")
                .Add("tc", "Test centre").Add("co", "KR").Add("is", "value set test")
                .Add("ci", "URN:UVCI:01:KR:VS#2")));
    }
}
