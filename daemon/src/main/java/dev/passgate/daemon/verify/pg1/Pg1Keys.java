package dev.passgate.daemon.verify.pg1;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 (COSE alg -8) keys as the PG1 format carries them: a private key is its 32-byte seed, a public key its
 * 32-byte raw encoding (RFC 8032), and an issuer's key id is the first 8 bytes of SHA-256 over the raw public key.
 * Signing uses the JDK's provider. Verifying, on the scan path twice per pass, uses BouncyCastle's Ed25519, which
 * is several times faster than JDK 17's (docs/performance.md) and, like it, refuses non-canonical signatures;
 * deriving a public key from a seed uses BouncyCastle too.
 * Ed25519 signatures are deterministic, so one seed and one message always give the same bytes (the test vectors
 * in {@code docs/pass-format.md} rely on this).
 */
public final class Pg1Keys {
    public static final int EDDSA = -8;
    public static final int RAW_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;
    private static final int KID_LENGTH = 8;
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Pg1Keys() {
    }

    /** A key pair whose private key is {@code seed} (32 bytes). */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != RAW_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, found " + seed.length);
        }
        try {
            byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
            return new KeyPair(publicKey(raw), privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519 provider", e);
        }
    }

    /** A key pair from a fresh random seed. */
    public static KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[RAW_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    /** The public key whose raw encoding is {@code raw}. */
    public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != RAW_LENGTH) {
            throw new GeneralSecurityException("an Ed25519 public key has 32 bytes, found " + raw.length);
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_LENGTH);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, RAW_LENGTH);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** The raw 32-byte encoding of an Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())
                || spki.length != SPKI_PREFIX.length + RAW_LENGTH) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** The key id of an issuer key: the first 8 bytes of SHA-256 over its raw encoding. */
    public static byte[] keyId(PublicKey key) {
        return Arrays.copyOf(sha256(raw(key)), KID_LENGTH);
    }

    /** The key id in the base64 form the trust store and the answers use. */
    public static String keyIdText(PublicKey key) {
        return Base64.getEncoder().encodeToString(keyId(key));
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message}; never throws. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(raw(key), 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
