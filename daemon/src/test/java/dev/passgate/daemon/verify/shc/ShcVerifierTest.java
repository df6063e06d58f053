package dev.passgate.daemon.verify.shc;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.verify.Format;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ShcVerifierTest {
    private static final Instant NOW = Instant.parse("2022-05-31T00:00:00Z");
    private static final String NBF = String.valueOf(NOW.getEpochSecond() - 86_400);
    private static final ShcTestIssuer ISSUER = ShcTestIssuer.create("https://issuer.passgate.invalid");
    private static final ShcTestIssuer STRANGER = ShcTestIssuer.create("https://stranger.passgate.invalid");
    private final ShcVerifier verifier = new ShcVerifier(Limits.DEFAULT);

    @Test
    void acceptsAGoodCardAndGivesKidTypeHolderAndTheDccShapedModel() throws Exception {
        Outcome outcome = verify(ISSUER.card(ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE)), trust());

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.format()).isEqualTo(Format.SHC);
        assertThat(outcome.checks().keySet()).containsExactly("prefix", "numeric", "jws", "inflate", "json",
                "signature", "validity");
        assertThat(outcome.issuerKeyId()).isEqualTo(ISSUER.kid());
        assertThat(outcome.certificateType()).isEqualTo("v");
        assertThat(outcome.holderIdentity()).contains("ANYPERSON<<JOHN<B|1951-01-20");
        CBORObject v = outcome.healthData().orElseThrow().get("v");
        assertThat(v.get(0).get("mp").AsString()).isEqualTo("EU/1/20/1507");
        assertThat(v.get(1).get("dn").AsInt32()).isEqualTo(2);
        assertThat(outcome.reason()).doesNotContain("Anyperson", "1951");
    }

    @Test
    void readsThePrefixWithoutRegardToCaseThroughPassVerifier() throws Exception {
        String card = ISSUER.card(ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE));

        Outcome outcome = new PassVerifier(Limits.DEFAULT).verify("SHC:/" + card.substring(5) + "\r\n", trust(), NOW,
                Policies.named("none").orElseThrow());

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void revokesByRidWithoutTimestampOrWithOneAfterNbfButNotBefore() throws Exception {
        String card = ISSUER.card(ISSUER.payload(NBF, null, "Rid_1-x", ShcTestIssuer.BUNDLE));
        long nbf = Long.parseLong(NBF);

        Outcome listed = verify(card, trust(ISSUER.crl(1, "other", "Rid_1-x")));
        Outcome later = verify(card, trust(ISSUER.crl(1, "Rid_1-x." + (nbf + 1))));
        Outcome earlier = verify(card, trust(ISSUER.crl(1, "Rid_1-x." + (nbf - 1))));

        assertThat(listed.verdict()).isEqualTo(Verdict.REVOKED);
        assertThat(listed.checks()).containsEntry("validity", true).containsEntry("revocation", false);
        assertThat(later.verdict()).isEqualTo(Verdict.REVOKED);
        assertThat(earlier.verdict()).isEqualTo(Verdict.VALID);
        assertThat(earlier.checks()).containsEntry("revocation", true);
        assertThat(listed.reason()).doesNotContain("Rid_1-x");
    }

    @Test
    void decidesTheTimeWindowBeforeRevocation() throws Exception {
        String exp = String.valueOf(NOW.getEpochSecond() - 10);
        String card = ISSUER.card(ISSUER.payload(NBF, exp, "Rid", ShcTestIssuer.BUNDLE));

        Outcome outcome = verify(card, trust(ISSUER.crl(1, "Rid")));

        assertThat(outcome.verdict()).isEqualTo(Verdict.EXPIRED);
        assertThat(outcome.checks()).containsEntry("validity", false).containsEntry("revocation", false);
    }

    @Test
    void refusesCardsOutsideTheirWindowOrWithTimesInMilliseconds() throws Exception {
        long now = NOW.getEpochSecond();
        assertThat(verdictOf(String.valueOf(now + 60), null)).isEqualTo(Verdict.NOT_YET_VALID);
        assertThat(verdictOf(NBF, String.valueOf(now - 1))).isEqualTo(Verdict.EXPIRED);
        assertThat(verdictOf(NBF + "000", null)).isEqualTo(Verdict.MALFORMED);
        assertThat(verdictOf(NBF, (now + 86_400) + "000")).isEqualTo(Verdict.MALFORMED);
        assertThat(verdictOf(NBF, String.valueOf(now - 2 * 86_400))).isEqualTo(Verdict.MALFORMED);
        assertThat(verdictOf(NBF + ".998", String.valueOf(now))).isEqualTo(Verdict.VALID);
    }

    @Test
    void answersUnknownIssuerForAnUntrustedIssOrKid() throws Exception {
        Outcome stranger = verify(STRANGER.card(STRANGER.payload(NBF, null, null, ShcTestIssuer.BUNDLE)), trust());
        String foreignKey = STRANGER.jws(ShcTestIssuer.header(STRANGER.kid()), ShcTestIssuer.rawDeflate(
                ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE).getBytes(StandardCharsets.UTF_8)));
        Outcome unknownKid = verify(NumericQr.encode(foreignKey), trust());

        assertThat(stranger.verdict()).isEqualTo(Verdict.UNKNOWN_ISSUER);
        assertThat(stranger.reason()).contains("https://stranger.passgate.invalid");
        assertThat(unknownKid.verdict()).isEqualTo(Verdict.UNKNOWN_ISSUER);
        assertThat(unknownKid.checks()).containsEntry("signature", false).doesNotContainKey("validity");
    }

    @Test
    void refusesAForgedSignatureUnderATrustedKid() throws Exception {
        String forged = ISSUER.jws(ShcTestIssuer.header(ISSUER.kid()), ShcTestIssuer.rawDeflate(
                ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE).getBytes(StandardCharsets.UTF_8)));
        String[] parts = forged.split("\\.");
        String other = STRANGER.jws(ShcTestIssuer.header(ISSUER.kid()), ShcTestIssuer.rawDeflate(
                ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE).getBytes(StandardCharsets.UTF_8)));

        Outcome outcome = verify(NumericQr.encode(parts[0] + "." + parts[1] + "." + other.split("\\.")[2]), trust());

        assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID_SIGNATURE);
        assertThat(outcome.checks()).containsEntry("signature", false);
    }

    @Test
    void refusesDerSignaturesAndHeadersWithoutTheRequiredMembers() throws Exception {
        String payload = ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE);
        byte[] deflated = ShcTestIssuer.rawDeflate(payload.getBytes(StandardCharsets.UTF_8));

        Outcome der = verify(NumericQr.encode(ISSUER.jwsWithDerSignature(payload)), trust());
        Outcome noZip = verify(NumericQr.encode(ISSUER.jws("{\"alg\":\"ES256\",\"kid\":\"" + ISSUER.kid() + "\"}",
                deflated)), trust());
        Outcome es384 = verify(NumericQr.encode(ISSUER.jws("{\"zip\":\"DEF\",\"alg\":\"ES384\",\"kid\":\""
                + ISSUER.kid() + "\"}", deflated)), trust());

        assertThat(der.verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(der.checks()).containsEntry("jws", false);
        assertThat(der.reason()).contains("DER");
        assertThat(noZip.reason()).contains("no zip");
        assertThat(es384.reason()).contains("ES384");
        Outcome oddKid = verify(NumericQr.encode(ISSUER.jws("{\"zip\":\"DEF\",\"alg\":\"ES256\",\"kid\":\"a b\"}",
                deflated)), trust());
        assertThat(oddKid.checks()).containsEntry("jws", false);
        assertThat(oddKid.issuerKeyId()).isNull();
    }

    @Test
    void reportsNumericChunkedAndInflationFaultsAtTheirStep() throws Exception {
        String card = ISSUER.card(ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE));
        byte[] zlib = zlib(ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE).getBytes(StandardCharsets.UTF_8));
        byte[] bomb = ShcTestIssuer.rawDeflate(new byte[1 << 20]);

        assertThat(verify(card.substring(0, card.length() - 1), trust()).checks()).containsEntry("numeric", false);
        assertThat(verify(card.substring(0, 5) + "78" + card.substring(7), trust()).checks())
                .containsEntry("numeric", false);
        Outcome chunk = verify("shc:/1/2/" + card.substring(5), trust());
        assertThat(chunk.verdict()).isEqualTo(Verdict.UNSUPPORTED);
        assertThat(chunk.checks()).containsOnlyKeys("prefix");
        assertThat(verify("shc:/1/1/" + card.substring(5), trust()).verdict()).isEqualTo(Verdict.VALID);
        Outcome wrapped = verify(NumericQr.encode(ISSUER.jws(ShcTestIssuer.header(ISSUER.kid()), zlib)), trust());
        assertThat(wrapped.checks()).containsEntry("inflate", false);
        Outcome bombed = verify(NumericQr.encode(ISSUER.jws(ShcTestIssuer.header(ISSUER.kid()), bomb)), trust());
        assertThat(bombed.checks()).containsEntry("inflate", false);
        assertThat(bombed.reason()).contains("more than " + Limits.DEFAULT_MAX_INFLATED_BYTES);
    }

    @Test
    void refusesPayloadsThatAreNotOneBareBoundedJsonObject() throws Exception {
        String good = ISSUER.payload(NBF, null, null, ShcTestIssuer.BUNDLE);
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

        for (String payload : List.of("\uFEFF" + good, " " + good, good + "\n", "\"" + good.replace("\"", "'") + "\"",
                deep, good.replace("\"nbf\"", "\"iss\":\"x\",\"nbf\""))) {
            Outcome outcome = verify(ISSUER.card(payload), trust());
            assertThat(outcome.checks()).as(payload.substring(0, 10)).containsEntry("json", false);
        }
    }

    private Verdict verdictOf(String nbf, String exp) throws TrustException {
        return verify(ISSUER.card(ISSUER.payload(nbf, exp, null, ShcTestIssuer.BUNDLE)), trust()).verdict();
    }

    private Outcome verify(String text, TrustStore trust) {
        return verifier.verify(text, trust, NOW);
    }

    private static TrustStore trust(CBORObject... crls) throws TrustException {
        return TrustStore.builder().addJwkSet(ISSUER.issuer(), ISSUER.jwks(), List.of(crls)).build();
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length + 64];
        int n = deflater.deflate(out);
        deflater.end();
        return java.util.Arrays.copyOf(out, n);
    }
}
