package dev.passgate.daemon.trust;

import dev.passgate.config.TrustConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Ed25519 root keys: the key pair an operator signs bundles with, its key id, and the file forms it is kept in.
 * A public key is an X.509 SubjectPublicKeyInfo (base64, or PEM {@code PUBLIC KEY}); a private key is PKCS#8
 * (PEM {@code PRIVATE KEY} or DER). A key id is the first 8 bytes of SHA-256 over the SubjectPublicKeyInfo.
 * Keys are generated and parsed by the JDK; signing and verifying use BouncyCastle's Ed25519, which is much
 * faster than the JDK 17 one and, like it, refuses non-canonical signatures.
 */
public final class RootKeys {
    public static final String ALGORITHM = "Ed25519";
    public static final int KEY_ID_LENGTH = 8;
    private static final int MAX_KEY_FILE_BYTES = 16 * 1024;
    private static final int RAW_KEY_BYTES = 32;
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private RootKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
    }

    /** Parses a pinned root: the base64 or PEM of an Ed25519 SubjectPublicKeyInfo. */
    public static PublicKey publicKey(String text) throws BundleException {
        String base64 = TrustConfig.normalizedRoot(text);
        if (base64 == null) {
            throw new BundleException("found a root that is not an Ed25519 public key, expected the base64 or PEM "
                    + "of a SubjectPublicKeyInfo");
        }
        return publicKey(Base64.getDecoder().decode(base64));
    }

    /** Reads a root public key file (PEM or base64 text). */
    public static PublicKey readPublicKey(Path file) throws BundleException, IOException {
        try {
            return publicKey(new String(readBounded(file), StandardCharsets.US_ASCII));
        } catch (BundleException e) {
            throw new BundleException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a root private key file: PKCS#8 as PEM {@code PRIVATE KEY} or DER. */
    public static PrivateKey readPrivateKey(Path file) throws BundleException, IOException {
        byte[] bytes = readBounded(file);
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        byte[] der = bytes;
        try {
            if (text.startsWith("-----BEGIN PRIVATE KEY-----")) {
                int end = text.indexOf("-----END PRIVATE KEY-----");
                String body = text.substring("-----BEGIN PRIVATE KEY-----".length(), end < 0 ? text.length() : end);
                der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
            }
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BundleException(file + ": found no Ed25519 private key, expected PKCS#8 as PEM or DER", e);
        }
    }

    /** The public half of an Ed25519 private key. */
    public static PublicKey publicOf(PrivateKey key) {
        try {
            return fromRaw(privateParameters(key).generatePublicKey().getEncoded());
        } catch (BundleException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    /** An Ed25519 public key from its 32 raw bytes (RFC 8032). */
    static PublicKey fromRaw(byte[] raw) throws BundleException {
        if (raw.length != RAW_KEY_BYTES) {
            throw new BundleException("found a key of " + raw.length + " bytes, expected " + RAW_KEY_BYTES);
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        return publicKey(spki);
    }

    /** The 32 raw bytes of an Ed25519 public key. */
    static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, spki.length - RAW_KEY_BYTES, spki.length);
    }

    private static Ed25519PrivateKeyParameters privateParameters(PrivateKey key) {
        try {
            return (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(
                    key.getEncoded()));
        } catch (IOException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    /** The key id: the first 8 bytes of SHA-256 over the SubjectPublicKeyInfo. */
    public static byte[] keyId(PublicKey key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), KEY_ID_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateParameters(key));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Verifies an Ed25519 signature; a non-canonical signature or a malformed key does not verify. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        byte[] spki = key.getEncoded();
        if (spki.length != SPKI_PREFIX.length + RAW_KEY_BYTES) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(spki, SPKI_PREFIX.length));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** Armours DER bytes as PEM with the given type, e.g. {@code PUBLIC KEY}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static PublicKey publicKey(byte[] spki) throws BundleException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new BundleException("found a malformed Ed25519 public key, expected a SubjectPublicKeyInfo", e);
        }
    }

    private static byte[] readBounded(Path file) throws IOException, BundleException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
            if (bytes.length > MAX_KEY_FILE_BYTES) {
                throw new BundleException(file + ": found more than " + MAX_KEY_FILE_BYTES + " bytes, expected a "
                        + "key file");
            }
            return bytes;
        }
    }
}
