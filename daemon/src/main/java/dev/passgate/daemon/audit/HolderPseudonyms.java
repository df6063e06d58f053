package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
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
 * else; a file of any other length is refused. A missing file is created once, through a temporary file in the
 * same folder that gets permissions 0600 where POSIX permissions exist, is fsynced and then renamed atomically, so
 * a crash leaves either no secret or a whole one. Two processes creating the secret at the very same moment are
 * not guarded against; the daemon is its only user. Instances are immutable and thread-safe.
 */
public final class HolderPseudonyms {
    public static final int SECRET_LENGTH = 32;
    public static final int PSEUDONYM_HEX_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

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
        long size = Files.size(file);
        if (size != SECRET_LENGTH) {
            throw new IOException("Holder secret file " + file + " has " + size + " bytes, expected "
                    + SECRET_LENGTH);
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length != SECRET_LENGTH) {
            throw new IOException("Holder secret file " + file + " has " + secret.length + " bytes, expected "
                    + SECRET_LENGTH);
        }
        warnIfReadableByOthers(file);
        return secret;
    }

    private static void createSecretFile(Path file) throws IOException {
        Path folder = file.getParent();
        Files.createDirectories(folder);
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temporary = posix
                ? Files.createTempFile(folder, file.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(folder, file.getFileName() + ".", ".tmp");
        byte[] secret = new byte[SECRET_LENGTH];
        try {
            new SecureRandom().nextBytes(secret);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(secret);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            moveAtomically(temporary, file);
            syncFolder(folder);
            Logger.info("Created holder secret file {}", file);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Files.deleteIfExists(temporary);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("Cannot create holder secret file " + to + ": the file system cannot rename "
                    + from.getFileName() + " atomically", e);
        }
    }

    /** Makes the rename durable by fsyncing the folder; file systems that cannot open a folder skip this. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            Logger.debug("Cannot fsync folder {}: {}", folder, e.getMessage());
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            Logger.warn("Holder secret file {} has permissions {}, expected {} or narrower", file,
                    PosixFilePermissions.toString(permissions), PosixFilePermissions.toString(OWNER_ONLY));
        }
    }
}
