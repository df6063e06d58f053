package dev.passgate.daemon.app;

import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.verify.pg1.SqliteReplayCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * The secret files a kiosk cannot rebuild by itself, checked before anything opens them: the site secret (it keys
 * the holder pseudonyms of every kiosk of a site) and the entry log's signing key (its public half is what the
 * collector checks checkpoints with). A missing file is created on first start, as before; a file that is there but
 * empty or damaged is a {@link KioskException#needsTechnician} error that names the file, what was found, what was
 * expected and the recovery command, and makes {@code passgate run} exit with
 * {@link KioskException#EXIT_NEEDS_TECHNICIAN}, which the unit's {@code RestartPreventExitStatus=} keeps from a
 * restart loop. A new signing key (the old file moved aside by a technician) is a key rotation, written to the
 * entry log as a record with verdict {@value #KEY_ROTATED}, never a silent one.
 */
final class StartupFiles {
    static final String KEY_ROTATED = "SIGNING_KEY_ROTATED";
    static final String TECHNICIAN = "TECHNICIAN";
    /** Less room than this on the data folder's file system counts as a full disk. */
    private static final long FULL_BELOW_BYTES = 64 * 1024;

    private StartupFiles() {
    }

    /** Refuses an empty or damaged site secret or signing key; missing files are left to be created. */
    static void check(PassgateConfig config) throws KioskException {
        Path secret = config.device().siteSecretFile().toAbsolutePath();
        if (Files.exists(secret)) {
            long size = size(secret);
            if (size != HolderPseudonyms.SECRET_LENGTH) {
                throw KioskException.needsTechnician("site secret file " + secret + " has " + size + " bytes,"
                        + " expected " + HolderPseudonyms.SECRET_LENGTH + ". It keys the holder pseudonyms of every"
                        + " kiosk of the site: copy it from another kiosk of the site (install -m 0600 ...), or on a"
                        + " site of one kiosk move it aside (mv " + secret + " " + secret + ".damaged) and start"
                        + " again to make a new one (holders seen before are then not linked to new scans)");
            }
        }
        Path key = config.entryLog().signingKeyFile().toAbsolutePath();
        if (Files.exists(key)) {
            try {
                DeviceKey.read(key);
            } catch (IOException | RuntimeException e) {
                throw KioskException.needsTechnician("entry log signing key " + key + " cannot be used: "
                        + e.getMessage() + ". Restore it from a backup, or move it aside (mv " + key + " " + key
                        + ".damaged) and start again: a new key is made, the rotation is written to the entry log,"
                        + " and the collector needs the new public key (passgate log pubkey --config FILE)");
            }
        }
    }

    /** The entry log, its options and the holder pseudonyms, as {@link #open} made them. */
    record Opened(EntryLog log, EntryLogOptions options, HolderPseudonyms pseudonyms) {
    }

    /**
     * Opens the signing key, the entry log in {@code file} and the site secret, creating what is missing. When a file
     * cannot be made because the disk is full (the first start on a full disk: no log, no key, no secret yet), the
     * kiosk still starts and decides: the log has no file ({@link EntryLog#diskless}, every decision a counted loss),
     * the signing key and the site secret live in memory for this run only (nothing is written with them), and the
     * next start with room makes the real files. Any other fault is an error, as before.
     */
    static Opened open(PassgateConfig config, Clock clock, Path file) throws IOException, EntryLogException {
        String device = config.device().id();
        EntryLogOptions options;
        EntryLog log;
        try {
            options = EntryLogOptions.load(config.entryLog(), clock);
            log = EntryLog.open(file, device, options);
        } catch (IOException | EntryLogException e) {
            if (!diskFull(file.getParent(), e)) {
                throw e;
            }
            Path keyFile = config.entryLog().signingKeyFile();
            DeviceKey key = Files.exists(keyFile) ? DeviceKey.read(keyFile) : DeviceKey.generate();
            options = EntryLogOptions.defaults().withClock(clock).withSigningKey(key);
            log = EntryLog.diskless(file, device, options, "the disk is full: " + e.getMessage());
        }
        HolderPseudonyms pseudonyms;
        try {
            pseudonyms = HolderPseudonyms.fromSecretFile(config.device().siteSecretFile());
        } catch (IOException e) {
            if (!diskFull(file.getParent(), e)) {
                log.close();
                throw e;
            }
            Logger.error("site secret {} cannot be created ({}); using one in memory for this run",
                    config.device().siteSecretFile(), e.getMessage());
            byte[] secret = new byte[HolderPseudonyms.SECRET_LENGTH];
            new java.security.SecureRandom().nextBytes(secret);
            pseudonyms = HolderPseudonyms.ofSecret(secret);
            Arrays.fill(secret, (byte) 0);
        }
        return new Opened(log, options, pseudonyms);
    }

    /** Whether {@code fault} comes from a full disk: it says so, or the folder's file system has no room left. */
    private static boolean diskFull(Path folder, Exception fault) {
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("No space left") || String.valueOf(t.getMessage())
                    .contains("SQLITE_FULL")) {
                return true;
            }
        }
        try {
            return Files.getFileStore(folder).getUsableSpace() < FULL_BELOW_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes a rotation record when the log's last checkpoint was signed by another key than {@code key}: a new key
     * was made because the old file was gone. The record's issuer key id field holds the new key id in hex.
     */
    static void logRotation(EntryLog log, DeviceKey key, Clock clock, long monotonicNanos) {
        try {
            List<Checkpoint> checkpoints = log.checkpoints();
            if (checkpoints.isEmpty()) {
                return;
            }
            byte[] previous = checkpoints.get(checkpoints.size() - 1).keyId();
            if (Arrays.equals(previous, key.keyId())) {
                return;
            }
            String newId = HexFormat.of().formatHex(key.keyId());
            Appended logged = log.append(new EntryRecord(clock.instant(), monotonicNanos, KEY_ROTATED, TECHNICIAN,
                    newId, null, false));
            Logger.warn("entry log signing key rotated: checkpoints so far are signed by key id {}, from now on by {}"
                    + " ({}); give the collector the new public key", HexFormat.of().formatHex(previous), newId,
                    logged);
        } catch (EntryLogException e) {
            Logger.error("cannot record the signing key rotation in the entry log: {}", e.getMessage());
        }
    }

    /**
     * Makes the data folder owner-only (0700) and every file directly in it (entry log, replay cache, revocation
     * store, time floor, reservations) 0600, whatever the umask, so a kiosk started outside systemd (whose unit sets
     * {@code UMask=0077}) keeps its state from other local users too. SQLite gives the {@code -wal} and {@code -shm}
     * files it creates later the mode of their database. A file system without POSIX permissions is left as it is.
     */
    static void ownerOnly(Path dataDir) {
        if (!dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        restrict(dataDir, "rwx------");
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    restrict(file, "rw-------");
                } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    restrict(file, "rwx------");
                }
            }
        } catch (IOException e) {
            Logger.warn("cannot list the data folder {} to make its files owner-only: {}", dataDir, e.getMessage());
        }
    }

    private static void restrict(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException | UnsupportedOperationException e) {
            Logger.warn("cannot make {} owner-only ({}): {}", path, permissions, e.getMessage());
        }
    }

    /**
     * The replay cache in {@code file}, a damaged one set aside ({@link SqliteReplayCache#openOrSetAside}); when
     * the file cannot be opened at all (a full disk), an empty cache in memory, so the kiosk still starts.
     */
    static SqliteReplayCache replayCache(Path file) {
        try {
            return SqliteReplayCache.openOrSetAside(file);
        } catch (SQLException e) {
            Logger.error("cannot open the replay cache {} ({}); keeping it in memory until the next start", file,
                    e.getMessage());
            return SqliteReplayCache.inMemory();
        }
    }

    private static long size(Path file) throws KioskException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw KioskException.needsTechnician("cannot read " + file + ": " + e.getMessage());
        }
    }
}
