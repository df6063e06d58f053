package dev.passgate.daemon.verify.pg1;

import com.upokecenter.cbor.CBORObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import org.apache.commons.codec.binary.Base45;

/**
 * Writes the two halves of a PG1 dynamic pass (the format is drawn in {@link Pg1Verifier} and specified in
 * {@code docs/pass-format.md}): the issuer's credential, signed once, and the holder's presentation, signed
 * again by the phone for every display. Keys are passed in; this class stores nothing.
 */
public final class Pg1Signer {
    public static final String PREFIX = "PG1:";
    public static final int NONCE_LENGTH = 16;
    static final int CLAIM_ISS = 1;
    static final int CLAIM_EXP = 4;
    static final int CLAIM_IAT = 6;
    static final int CLAIM_CNF = 8;
    static final int CLAIM_HCERT = -260;
    static final int CNF_COSE_KEY = 1;
    static final int HEADER_ALG = 1;
    static final int HEADER_KID = 4;
    static final int KEY_KTY = 1;
    static final int KEY_CRV = -1;
    static final int KEY_X = -2;
    static final int KTY_OKP = 1;
    static final int CRV_ED25519 = 6;

    private Pg1Signer() {
    }

    /** The credential (untagged COSE_Sign1 bytes) for {@code holderKey}, carrying the DCC-shaped {@code hcert}. */
    public static byte[] credential(KeyPair issuer, String issuerId, PublicKey holderKey, CBORObject hcert,
                                    Instant issuedAt, Instant expiresAt) {
        CBORObject coseKey = CBORObject.NewOrderedMap().Add(KEY_KTY, KTY_OKP).Add(KEY_CRV, CRV_ED25519)
                .Add(KEY_X, Pg1Keys.raw(holderKey));
        CBORObject claims = CBORObject.NewOrderedMap()
                .Add(CLAIM_ISS, issuerId)
                .Add(CLAIM_EXP, expiresAt.getEpochSecond())
                .Add(CLAIM_IAT, issuedAt.getEpochSecond())
                .Add(CLAIM_CNF, CBORObject.NewOrderedMap().Add(CNF_COSE_KEY, coseKey))
                .Add(CLAIM_HCERT, CBORObject.NewOrderedMap().Add(1, hcert));
        byte[] protectedBytes = CBORObject.NewOrderedMap().Add(HEADER_ALG, Pg1Keys.EDDSA)
                .Add(HEADER_KID, Pg1Keys.keyId(issuer.getPublic())).EncodeToBytes();
        return sign1(issuer.getPrivate(), protectedBytes, claims.EncodeToBytes(), new byte[0]);
    }

    /**
     * The presentation of {@code credential} at {@code at} with {@code nonce} (16 bytes), as a PG1 text: version 1,
     * bound to no venue.
     */
    public static String present(byte[] credential, PrivateKey holder, Instant at, byte[] nonce) {
        return present(credential, holder, at, nonce, Optional.empty());
    }

    /**
     * The presentation of {@code credential} at {@code at} with {@code nonce} (16 bytes), as a PG1 text: version 2,
     * signed for {@code venue} (an id matching {@link VenueCode#ID_PATTERN}), or version 1 when it is empty.
     */
    public static String present(byte[] credential, PrivateKey holder, Instant at, byte[] nonce,
                                 Optional<String> venue) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("a PG1 nonce has 16 bytes, found " + nonce.length);
        }
        byte[] protectedBytes = CBORObject.NewOrderedMap().Add(HEADER_ALG, Pg1Keys.EDDSA).EncodeToBytes();
        CBORObject shown = CBORObject.NewArray().Add(at.getEpochSecond()).Add(nonce);
        venue.ifPresent(id -> shown.Add(VenueCode.text(id).substring(VenueCode.PREFIX.length())));
        byte[] payload = shown.EncodeToBytes();
        byte[] presentation = sign1(holder, protectedBytes, payload, Pg1Keys.sha256(credential));
        byte[] pass = CBORObject.NewArray().Add(credential).Add(presentation).EncodeToBytes();
        return PREFIX + new String(new Base45().encode(pass), StandardCharsets.US_ASCII);
    }

    /** Sig_structure ["Signature1", protected, external_aad, payload] (RFC 9052, section 4.4). */
    static byte[] toBeSigned(byte[] protectedBytes, byte[] externalAad, byte[] payload) {
        return CBORObject.NewArray().Add("Signature1").Add(protectedBytes).Add(externalAad).Add(payload)
                .EncodeToBytes();
    }

    private static byte[] sign1(PrivateKey key, byte[] protectedBytes, byte[] payload, byte[] externalAad) {
        byte[] signature = Pg1Keys.sign(key, toBeSigned(protectedBytes, externalAad, payload));
        return CBORObject.NewArray().Add(protectedBytes).Add(CBORObject.NewMap()).Add(payload).Add(signature)
                .EncodeToBytes();
    }
}
