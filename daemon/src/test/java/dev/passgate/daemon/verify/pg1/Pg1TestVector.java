package dev.passgate.daemon.verify.pg1;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.TrustStore;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;

/**
 * The PG1 test vector of {@code docs/pass-format.md}, derived from documented seeds. TEST-ONLY keys: the seeds are
 * public, so these keys protect nothing; they exist so that the golden files can be regenerated and checked.
 */
final class Pg1TestVector {
    static final KeyPair ISSUER = Pg1Keys.fromSeed(seed("passgate PG1 test vector issuer"));
    static final KeyPair HOLDER = Pg1Keys.fromSeed(seed("passgate PG1 test vector holder"));
    static final byte[] NONCE = Arrays.copyOf(seed("passgate PG1 test vector nonce"), Pg1Signer.NONCE_LENGTH);
    static final Instant ISSUED = Instant.parse("2022-01-10T00:00:00Z");
    static final Instant EXPIRES = Instant.parse("2022-07-10T00:00:00Z");
    static final Instant SHOWN = Instant.parse("2022-02-01T09:00:00Z");

    private Pg1TestVector() {
    }

    static byte[] seed(String label) {
        return Pg1Keys.sha256(label.getBytes(StandardCharsets.UTF_8));
    }

    /** A typical vaccination pass, DCC-shaped and minimal (no certificate identifier, no issuer name). */
    static CBORObject vaccination() {
        CBORObject dose = CBORObject.NewOrderedMap()
                .Add("tg", "840539006").Add("vp", "J07BX03").Add("mp", "EU/1/20/1528").Add("ma", "ORG-100030215")
                .Add("dn", 2).Add("sd", 2).Add("dt", "2021-12-20").Add("co", "KR");
        return CBORObject.NewOrderedMap()
                .Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "HONG").Add("gnt", "GILDONG"))
                .Add("dob", "1990-05-17")
                .Add("v", CBORObject.NewArray().Add(dose));
    }

    static byte[] credential() {
        return Pg1Signer.credential(ISSUER, "KR-PG", HOLDER.getPublic(), vaccination(), ISSUED, EXPIRES);
    }

    static String presentation(Instant at, byte[] nonce) {
        return Pg1Signer.present(credential(), HOLDER.getPrivate(), at, nonce);
    }

    static TrustStore trust() {
        return TrustStore.builder().add(Pg1Keys.keyIdText(ISSUER.getPublic()), ISSUER.getPublic()).build();
    }
}
