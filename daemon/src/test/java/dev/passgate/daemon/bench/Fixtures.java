package dev.passgate.daemon.bench;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.Inflation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.daemon.verify.pg1.ReplayCache;
import dev.passgate.daemon.verify.shc.NumericQr;
import dev.passgate.daemon.verify.shc.ShcTestIssuer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.commons.codec.binary.Base45;

/**
 * The passes the benchmarks verify, minted once: a valid HC1 pass of the demo issuer, a valid SMART Health Card
 * and a valid PG1 presentation, one trust store holding all three issuers, and for each the exact bytes its
 * signature covers, the signature and the public key, so that a raw signature benchmark checks the same bytes
 * with the same key as the whole verification does. All are valid at {@link #NOW}.
 */
public final class Fixtures {
    public static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    /** A replay cache that has never seen anything, so that one PG1 presentation can be verified again and again. */
    public static final ReplayCache FORGETFUL = (key, forgetAfter, now) -> true;

    public final TrustStore trust;
    /** The demo's four HC1 samples (valid, expired, forged signature, unknown issuer), its issuer trusted. */
    public final DemoPasses demo;
    public final String hc1;
    public final String shc;
    public final String pg1;
    /** The HC1 pass's Sig_structure, its 64-byte r‖s signature and the document signer's key (P-256). */
    public final Signed hc1Signed;
    /** The SMART Health Card's JWS signing input, its r‖s signature and the issuer key (P-256). */
    public final Signed shcSigned;
    /** The PG1 credential's Sig_structure, the issuer's Ed25519 signature and key; a PG1 pass has two such. */
    public final Signed pg1Signed;

    /** Bytes, their signature and the key that made it. */
    public record Signed(byte[] message, byte[] signature, PublicKey key) {
    }

    private Fixtures() throws TrustException {
        demo = DemoPasses.mint(NOW);
        hc1 = demo.samples().get(0).text();
        hc1Signed = hc1Signed(hc1, demo.issuerCertificate().getPublicKey());

        ShcTestIssuer issuer = ShcTestIssuer.create("https://issuer.passgate.invalid");
        String jws = issuer.jws(issuer.payload(String.valueOf(NOW.getEpochSecond() - 86_400), null, null,
                ShcTestIssuer.BUNDLE));
        shc = NumericQr.encode(jws);
        int lastDot = jws.lastIndexOf('.');
        shcSigned = new Signed(jws.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII),
                Base64.getUrlDecoder().decode(jws.substring(lastDot + 1)), issuer.publicKey());

        SecureRandom random = new SecureRandom();
        KeyPair pg1Issuer = Pg1Keys.generate(random);
        KeyPair holder = Pg1Keys.generate(random);
        byte[] credential = Pg1Signer.credential(pg1Issuer, "BENCH", holder.getPublic(), boostedHcert(),
                NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(170)));
        pg1 = Pg1Signer.present(credential, holder.getPrivate(), NOW.minusSeconds(2), new byte[Pg1Signer.NONCE_LENGTH]);
        CBORObject sign1 = CBORObject.DecodeFromBytes(credential);
        byte[] toBeSigned = CBORObject.NewArray().Add("Signature1").Add(sign1.get(0).GetByteString())
                .Add(new byte[0]).Add(sign1.get(2).GetByteString()).EncodeToBytes();
        pg1Signed = new Signed(toBeSigned, sign1.get(3).GetByteString(), pg1Issuer.getPublic());

        trust = TrustStore.builder().addAll(demo.trust()).addJwkSet(issuer.issuer(), issuer.jwks(), List.of())
                .add(Pg1Keys.keyIdText(pg1Issuer.getPublic()), pg1Issuer.getPublic()).build();
    }

    public static Fixtures mint() {
        try {
            return new Fixtures();
        } catch (TrustException e) {
            throw new IllegalStateException("the benchmark's own trust entries were refused", e);
        }
    }

    private static Signed hc1Signed(String pass, PublicKey key) {
        byte[] compressed = new Base45().decode(pass.substring("HC1:".length()));
        byte[] cose = Inflation.zlib(compressed, Limits.DEFAULT.maxInflatedBytes()).bytes();
        CoseSign1 message = CoseSign1.parse(cose, Limits.DEFAULT).message();
        return new Signed(message.toBeSigned(), message.signature(), key);
    }

    /** The health certificate the benchmarks' PG1 credentials carry: a fictional holder with a booster (3 of 3). */
    static CBORObject boostedHcert() {
        return CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "KIM").Add("gnt", "MINJI"))
                .Add("dob", "1985-03-02").Add("v", CBORObject.NewArray().Add(CBORObject.NewOrderedMap()
                        .Add("tg", "840539006").Add("vp", "J07BX03").Add("mp", "EU/1/20/1528")
                        .Add("ma", "ORG-100030215").Add("dn", 3).Add("sd", 3).Add("dt", "2022-01-05")
                        .Add("co", "KR")));
    }
}
