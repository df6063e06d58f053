package dev.passgate.daemon.policy;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import java.time.Instant;

/**
 * Mints HC1 passes with DCC-shaped content for policy tests and verifies them through {@link PassVerifier}. The
 * issuer and every pass are valid from 2020 to 2030, so that only the policy decides within that range.
 */
final class PolicyPasses {
    static final String COMIRNATY = "EU/1/20/1528";
    static final String JANSSEN = "EU/1/20/1525";
    static final String PCR = "LP6464-4";
    static final String RAPID_ANTIGEN = "LP217198-3";
    static final String NOT_DETECTED = "260415000";
    static final String DETECTED = "260373001";
    static final String ADULT = "1990-05-17";
    private static final Instant ISSUED = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("policy test issuer", ISSUED, EXPIRES);
    private static final TrustStore TRUST = TrustStore.builder().add(ISSUER.certificate()).build();
    private static final PassVerifier VERIFIER = new PassVerifier(Limits.DEFAULT);

    private PolicyPasses() {
    }

    static TrustStore trust() {
        return TRUST;
    }

    static Hc1Issuer issuer() {
        return ISSUER;
    }

    static String sign(CBORObject hcert) {
        return ISSUER.sign(hcert, "KR", ISSUED, EXPIRES);
    }

    static Outcome verify(CBORObject hcert, String at, String policy) {
        return VERIFIER.verify(sign(hcert), TRUST, Instant.from(java.time.OffsetDateTime.parse(at)),
                Policies.named(policy).orElseThrow());
    }

    static CBORObject vaccination(String dob, String product, int dose, int series, String date) {
        return holder(dob).Add("v", CBORObject.NewArray().Add(CBORObject.NewOrderedMap()
                .Add("tg", "840539006").Add("vp", "1119349007").Add("mp", product).Add("ma", "ORG-100030215")
                .Add("dn", dose).Add("sd", series).Add("dt", date).Add("co", "KR").Add("is", "test issuer")
                .Add("ci", "URN:UVCI:01:KR:TEST" + date.replace("-", "") + "#1")));
    }

    static CBORObject test(String dob, String type, String result, String sampled) {
        return holder(dob).Add("t", CBORObject.NewArray().Add(CBORObject.NewOrderedMap()
                .Add("tg", "840539006").Add("tt", type).Add("sc", sampled).Add("tr", result).Add("tc", "Test centre")
                .Add("co", "KR").Add("is", "test issuer").Add("ci", "URN:UVCI:01:KR:TESTT#2")));
    }

    static CBORObject recovery(String dob, String firstPositive, String validFrom, String validUntil) {
        return holder(dob).Add("r", CBORObject.NewArray().Add(CBORObject.NewOrderedMap()
                .Add("tg", "840539006").Add("fr", firstPositive).Add("co", "KR").Add("is", "test issuer")
                .Add("df", validFrom).Add("du", validUntil).Add("ci", "URN:UVCI:01:KR:TESTR#3")));
    }

    private static CBORObject holder(String dob) {
        return CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fn", "CHOI").Add("fnt", "CHOI").Add("gn", "YUNA")
                        .Add("gnt", "YUNA"))
                .Add("dob", dob);
    }
}
