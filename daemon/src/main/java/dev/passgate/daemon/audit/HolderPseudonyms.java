package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tinylog.Logger;

/**
 * Turns a holder's normalised identity into the pseudonymous holder id kept in the entry log: the lowercase hex of
 * HMAC-SHA-256 keyed with a 32-byte site secret, truncated to 32 hex characters (128 bits). The same identity
 * always gives the same id at one site, so repeated entries can be recognised, and gives unrelated ids at sites
 * with different secrets, so logs from different sites cannot be joined on it.
 *
 * <p>What this does not guarantee. The id is pseudonymous, not anonymous, and stays personal data: anyone holding
 * the secret can test a guessed identity, and identities (name plus date of birth) are easy to guess, so the secret
 * file needs the same protection as the log and should never leave the kiosk. Without the secret the id cannot be
 * reversed or tested. Deleting the secret makes every id already written unlinkable to a person. Normalising the
 * identity (transliteration, case, date format) is the caller's job and must be the same everywhere.
 *
 * <p>Secret file format, version 1: exactly {@value #SECRET_LENGTH} raw bytes from {@link SecureRandom}, nothing
 * else; a file of any other length is refused. A missing file is created once, owner-only (0600) and atomically
 * through {@link SecretFiles}, so a crash leaves either no secret or a whole one. Two processes creating the
 * secret at the very same moment are not guarded against; the daemon is its only user. Instances are immutable
 * and thread-safe.
 */
public final class HolderPseudonyms {
    public static final int SECRET_LENGTH = 32;
    public static final int PSEUDONYM_HEX_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private HolderPseudonyms(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        newMac();
    }

    /** Reads the site secret from {@code file}, creating the file with a fresh secret if it does not exist. */
    public static HolderPseudonyms fromSecretFile(Path file) throws IOException {
        Path path = file.toAbsolutePath();
        if (!Files.exists(path)) {
            createSecretFile(path);
        }
        byte[] secret = readSecret(path);
        try {
            return new HolderPseudonyms(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Uses {@code secret}, which must be {@value #SECRET_LENGTH} bytes, as the site secret. */
    public static HolderPseudonyms ofSecret(byte[] secret) {
        if (secret.length != SECRET_LENGTH) {
            throw new IllegalArgumentException("holder secret has " + secret.length + " bytes, expected "
                    + SECRET_LENGTH);
        }
        return new HolderPseudonyms(secret.clone());
    }

    /** The pseudonym of {@code normalisedIdentity}: {@value #PSEUDONYM_HEX_LENGTH} lowercase hex characters. */
    public String of(String normalisedIdentity) {
        Objects.requireNonNull(normalisedIdentity, "normalisedIdentity");
        if (normalisedIdentity.isEmpty()) {
            throw new IllegalArgumentException("normalised identity is empty; expected at least one character");
        }
        byte[] digest = newMac().doFinal(normalisedIdentity.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, PSEUDONYM_HEX_LENGTH / 2);
    }

    /**
     * The keyed digest of a PG1 replay-cache key ({@value #PSEUDONYM_HEX_LENGTH} lowercase hex characters): what
     * the replay cache stores and an admitted presentation's ENTRY body carries, so that a damaged cache can be
     * rebuilt from the log. Domain-separated from holder pseudonyms; useless without the site secret.
     */
    public String replayDigest(String replayKey) {
        Objects.requireNonNull(replayKey, "replayKey");
        return of("pg1-replay\u0000" + replayKey);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every Java runtime but failed", e);
        }
    }

    private static byte[] readSecret(Path file) throws IOException {
        return SecretFiles.readExactly(file, SECRET_LENGTH, "Holder secret");
    }

    private static void createSecretFile(Path file) throws IOException {
        byte[] secret = new byte[SECRET_LENGTH];
        try {
            new SecureRandom().nextBytes(secret);
            SecretFiles.writeAtomically(file, secret, "holder secret");
            Logger.info("Created holder secret file {}", file);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
