package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * The health authority's public key, to which a kiosk seals ENTRY bodies so that only the holder of the matching
 * private key ({@link AuthorityPrivateKey}) can read them: not the venue, not whoever steals the kiosk, not the
 * collector's operator.
 *
 * <p>Sealing is HPKE (RFC 9180) in base mode with the suite DHKEM(X25519, HKDF-SHA256) (0x0020), HKDF-SHA256
 * (0x0001), AES-128-GCM (0x0001), as implemented by BouncyCastle's {@code org.bouncycastle.crypto.hpke}; one
 * single-shot context per body (a fresh ephemeral key each time), {@code info = "passgate/authority-body/1"} and as
 * additional data the row header {@link ChainEncoding#bodyAad}, so a body cannot be moved to another row. Sealed
 * form, format version 1:
 * <pre>
 * key_id[8] || enc[32] || ciphertext || tag[16]
 * </pre>
 * {@code key_id} is the first 8 bytes of SHA-256 over the recipient key's SubjectPublicKeyInfo DER (as for the
 * signing key), so a reader holding another key says so instead of failing blindly; {@code enc} is the
 * encapsulated ephemeral X25519 public key.
 *
 * <p>Key file format, version 1: PEM text with one {@code PUBLIC KEY} block, X25519 SubjectPublicKeyInfo (RFC 8410),
 * which {@code openssl pkey -pubin} reads. Not guaranteed: no forward secrecy against the authority's own key, and
 * no proof of who sealed (base mode; the chain's signed checkpoints give that). Immutable and thread-safe.
 */
public final class AuthorityKey {
    static final int KEY_ID_LENGTH = 8;
    static final int ENC_LENGTH = 32;
    static final int TAG_LENGTH = 16;
    static final int OVERHEAD = KEY_ID_LENGTH + ENC_LENGTH + TAG_LENGTH;
    static final byte[] INFO = "passgate/authority-body/1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final int MAX_FILE_BYTES = 4096;

    private final X25519PublicKeyParameters key;
    private final byte[] spki;
    private final byte[] keyId;

    private AuthorityKey(X25519PublicKeyParameters key) {
        this.key = key;
        try {
            this.spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an X25519 public key", e);
        }
        this.keyId = keyIdOf(spki);
    }

    static AuthorityKey of(X25519PublicKeyParameters key) {
        return new AuthorityKey(key);
    }

    /** Reads the {@code PUBLIC KEY} block of a PEM file; anything but an X25519 key is refused. */
    public static AuthorityKey read(Path file) throws IOException {
        byte[] der = pemBlock(readText(file, "Authority public key"), "PUBLIC KEY", file);
        AsymmetricKeyParameter parsed;
        try {
            parsed = PublicKeyFactory.createKey(der);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Authority public key file " + file + ": the PUBLIC KEY block is not a"
                    + " SubjectPublicKeyInfo; expected an X25519 key from 'passgate collector authority-keygen'");
        }
        if (!(parsed instanceof X25519PublicKeyParameters x25519)) {
            throw new IOException("Authority public key file " + file + " holds a "
                    + parsed.getClass().getSimpleName().replace("PublicKeyParameters", "") + " key; expected X25519");
        }
        return new AuthorityKey(x25519);
    }

    /** The first 8 bytes of SHA-256 over the SubjectPublicKeyInfo DER. */
    public byte[] keyId() {
        return keyId.clone();
    }

    /** The key id as 16 lowercase hex digits. */
    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    /** The key as a PEM {@code PUBLIC KEY} block. */
    public String pem() {
        return pem("PUBLIC KEY", spki);
    }

    X25519PublicKeyParameters parameters() {
        return key;
    }

    /** Seals {@code plaintext} to this key with {@code aad} bound to it; the form drawn on the class. */
    byte[] seal(byte[] plaintext, byte[] aad) {
        try {
            byte[][] sealed = suite().seal(key, INFO, aad, plaintext, null, null, null);
            byte[] ciphertext = sealed[0];
            byte[] enc = sealed[1];
            byte[] out = Arrays.copyOf(keyId, KEY_ID_LENGTH + enc.length + ciphertext.length);
            System.arraycopy(enc, 0, out, KEY_ID_LENGTH, enc.length);
            System.arraycopy(ciphertext, 0, out, KEY_ID_LENGTH + enc.length, ciphertext.length);
            return out;
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE seal failed", e);
        }
    }

    static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }

    static byte[] keyIdOf(byte[] spkiDer) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(spkiDer), KEY_ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    static String readText(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(what + " file " + file + " does not exist or is not a file");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(what + " file " + file + " has " + size + " bytes, expected at most "
                    + MAX_FILE_BYTES);
        }
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    }

    static byte[] pemBlock(String text, String label, Path file) throws IOException {
        Matcher matcher = PEM_BLOCK.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(label)) {
                try {
                    return Base64.getMimeDecoder().decode(matcher.group(2));
                } catch (IllegalArgumentException e) {
                    throw new IOException("Key file " + file + ": the " + label + " block is not base64");
                }
            }
        }
        throw new IOException("Key file " + file + " has no PEM block '" + label + "'; expected an authority key"
                + " file from 'passgate collector authority-keygen'");
    }
}
