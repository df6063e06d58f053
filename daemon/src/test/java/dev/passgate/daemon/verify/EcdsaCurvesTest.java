package dev.passgate.daemon.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.policy.Policies;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.apache.commons.codec.binary.Base45;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HC1 passes signed by document signers on P-256, P-384 and P-521 under ES256, ES384 and ES512, verified through
 * {@link PassVerifier}: the curve is the signer key's own; the pairs passgate allows verify, the others are
 * {@code KEY_USAGE} with a reason naming the algorithm and the curve, and a tampered signature on any curve is
 * still {@code INVALID_SIGNATURE}.
 */
class EcdsaCurvesTest {
    private static final Instant ISSUED = Instant.parse("2022-01-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2023-01-01T00:00:00Z");
    private static final Instant AT = Instant.parse("2022-06-01T00:00:00Z");

    @ParameterizedTest(name = "{0} key under alg {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "secp256r1 | -7  | VALID",
        "secp384r1 | -7  | VALID",
        "secp384r1 | -35 | VALID",
        "secp521r1 | -36 | VALID",
        "secp521r1 | -7  | KEY_USAGE",
        "secp256r1 | -35 | KEY_USAGE",
        "secp256r1 | -36 | KEY_USAGE",
        "secp384r1 | -36 | KEY_USAGE",
    })
    void checksTheSignatureOnTheSignersCurveWhenThePairIsAllowed(String curve, int alg, Verdict expected)
            throws TrustException {
        Hc1Issuer issuer = Hc1Issuer.create("curve test " + curve, ISSUED, EXPIRES, curve, alg);
        TrustStore trust = TrustStore.builder().add(issuer.certificate()).build();

        Outcome outcome = verify(issuer.sign(vaccination(), "KR", ISSUED, EXPIRES), trust);

        assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(expected);
        if (expected == Verdict.KEY_USAGE) {
            String jose = switch (curve) {
                case "secp256r1" -> "P-256";
                case "secp384r1" -> "P-384";
                default -> "P-521";
            };
            assertThat(outcome.reason()).contains("on " + jose, "(" + alg + ") is not allowed", "expected a key on");
            assertThat(outcome.checks()).containsEntry("signature", false).containsEntry("keyusage", false);
        }
    }

    @ParameterizedTest(name = "tampered {0} signature under alg {1}")
    @CsvSource(delimiter = '|', value = {"secp256r1 | -7", "secp384r1 | -7", "secp384r1 | -35", "secp521r1 | -36"})
    void aTamperedSignatureOnAnyCurveIsInvalid(String curve, int alg) throws Exception {
        Hc1Issuer issuer = Hc1Issuer.create("curve test " + curve, ISSUED, EXPIRES, curve, alg);
        TrustStore trust = TrustStore.builder().add(issuer.certificate()).build();

        Outcome tampered = verify(flipLastSignatureBit(issuer.sign(vaccination(), "KR", ISSUED, EXPIRES)), trust);

        assertThat(tampered.verdict()).as(tampered.reason()).isEqualTo(Verdict.INVALID_SIGNATURE);
    }

    /** The same HC1 text with the last bit of its COSE signature flipped. */
    private static String flipLastSignatureBit(String hc1) throws Exception {
        byte[] compressed = new Base45().decode(hc1.substring(4).getBytes(StandardCharsets.US_ASCII));
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        byte[] buffer = new byte[8192];
        int length = inflater.inflate(buffer);
        inflater.end();
        CBORObject cose = CBORObject.DecodeFromBytes(Arrays.copyOf(buffer, length));
        byte[] signature = cose.get(3).GetByteString();
        signature[signature.length - 1] ^= 1;
        cose.set(3, CBORObject.FromObject(signature));
        Deflater deflater = new Deflater();
        deflater.setInput(cose.EncodeToBytes());
        deflater.finish();
        length = deflater.deflate(buffer);
        deflater.end();
        return "HC1:" + new String(new Base45().encode(Arrays.copyOf(buffer, length)), StandardCharsets.US_ASCII);
    }

    private static Outcome verify(String pass, TrustStore trust) {
        return new PassVerifier(Limits.DEFAULT).verify(pass, trust, AT, Policies.named("none").orElseThrow());
    }

    private static CBORObject vaccination() {
        return CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "CHOI").Add("gnt", "YUNA"))
                .Add("dob", "1990-05-17")
                .Add("v", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("tg", "840539006")
                        .Add("vp", "J07BX03").Add("mp", "EU/1/20/1528").Add("ma", "ORG-100030215").Add("dn", 2)
                        .Add("sd", 2).Add("dt", "2022-01-01").Add("co", "KR").Add("is", "curve test")
                        .Add("ci", "URN:UVCI:01:KR:CURVE#1")));
    }
}
