package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.tinylog.Logger;

/**
 * Encryption at rest of record bodies: AES-256-GCM with a fresh random 96-bit nonce per record and a 128-bit tag.
 * The sealed form is {@code nonce[12] || ciphertext || tag[16]}. The additional data is the row's header
 * ({@link ChainEncoding#bodyAad}), so a body cannot be moved to another row or another device without failing
 * authentication.
 *
 * <p>Key file format, version 1: exactly {@value #KEY_LENGTH} raw bytes from {@link SecureRandom}, like the site
 * secret; created once, owner-only (0600), atomically. Losing the file makes every encrypted body unreadable,
 * which is also the way to erase them all at once.
 *
 * <p>Not guaranteed: random nonces are safe for about 2^32 records under one key (NIST SP 800-38D), far beyond a
 * kiosk's retention window, but the key is never rotated by this class. Wall time, kind and sequence stay in clear.
 * Instances are immutable and thread-safe.
 */
public final class BodyCipher {
    public static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 12;
    static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private BodyCipher(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
    }

    /** Reads the key from {@code file}, creating the file with a fresh key when it does not exist. */
    public static BodyCipher fromKeyFile(Path file) throws IOException {
        Path path = file.toAbsolutePath();
        if (!Files.exists(path)) {
            byte[] fresh = new byte[KEY_LENGTH];
            new SecureRandom().nextBytes(fresh);
            try {
                SecretFiles.writeAtomically(path, fresh, "entry log data key");
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
            Logger.info("Created entry log data key file {}", path);
        }
        byte[] bytes = SecretFiles.readExactly(path, KEY_LENGTH, "Entry log data key");
        try {
            return new BodyCipher(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Uses {@code keyBytes}, which must be {@value #KEY_LENGTH} bytes. */
    public static BodyCipher ofKey(byte[] keyBytes) {
        if (keyBytes.length != KEY_LENGTH) {
            throw new IllegalArgumentException("data key has " + keyBytes.length + " bytes, expected " + KEY_LENGTH);
        }
        return new BodyCipher(keyBytes.clone());
    }

    byte[] seal(byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = Arrays.copyOf(nonce, NONCE_LENGTH + cipher.getOutputSize(plaintext.length));
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_LENGTH);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime but failed", e);
        }
    }

    /** Opens a sealed body; a wrong key, wrong header or changed byte fails with {@link GeneralSecurityException}. */
    byte[] open(byte[] sealed, byte[] aad) throws GeneralSecurityException {
        if (sealed.length < NONCE_LENGTH + TAG_BITS / 8) {
            throw new GeneralSecurityException("sealed body has " + sealed.length + " bytes, expected at least "
                    + (NONCE_LENGTH + TAG_BITS / 8));
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_LENGTH));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed, NONCE_LENGTH, sealed.length - NONCE_LENGTH);
    }
}
