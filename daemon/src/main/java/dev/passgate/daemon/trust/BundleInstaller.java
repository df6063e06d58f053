package dev.passgate.daemon.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Installs a trust bundle over the installed one, or refuses it and leaves the installed one in place.
 *
 * <p>Contract. The candidate is first copied into a temporary file in the target's folder (at most
 * {@link BundleReader#MAX_FILE_BYTES}), and that copy is what gets verified and installed, so a source that changes
 * meanwhile (a USB stick, a download) cannot slip anything past the checks. The copy must be completely valid
 * ({@link BundleReader#read}), inside its validity window by the injected clock (an {@code issuedAt} up to
 * {@link #CLOCK_SKEW} ahead of the clock is tolerated), and of a version strictly greater than the installed
 * bundle's: there is no rollback, and the same version is only accepted as {@link InstallResult.Unchanged} when its
 * manifest is identical. Then, holding an exclusive lock on {@code TARGET.lock} (so that the CLI and the daemon do
 * not race), the fsynced copy is renamed over the target and the folder is fsynced. A refusal is a value; an
 * I/O fault is an {@link IOException}, after which the installed bundle is still the old one or the new one, never
 * a mix. The installed version counts only when the installed file's signature verifies against the pinned roots;
 * an installed file that does not (a root was unpinned, the file was damaged) counts as none.
 */
public final class BundleInstaller {
    /** How far a bundle's {@code issuedAt} may lie ahead of the kiosk's clock. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Object IN_PROCESS_LOCK = new Object();

    private final Path target;
    private final PinnedRoots roots;
    private final Clock clock;
    private final AtomicFiles.ReplacePoint replacePoint;

    public BundleInstaller(Path target, PinnedRoots roots, Clock clock) {
        this(target, roots, clock, AtomicFiles.ReplacePoint.RENAME);
    }

    BundleInstaller(Path target, PinnedRoots roots, Clock clock, AtomicFiles.ReplacePoint replacePoint) {
        this.target = target.toAbsolutePath();
        this.roots = roots;
        this.clock = clock;
        this.replacePoint = replacePoint;
    }

    public Path target() {
        return target;
    }

    /** Installs the bundle in the file. */
    public InstallResult install(Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return install(in);
        }
    }

    /** Installs the bundle read from the stream, which this method does not close. */
    public InstallResult install(InputStream source) throws IOException {
        Path temp = AtomicFiles.tempBeside(target);
        try {
            long copied;
            try (OutputStream out = Files.newOutputStream(temp)) {
                copied = copyBounded(source, out);
            }
            if (copied > BundleReader.MAX_FILE_BYTES) {
                return new InstallResult.Refused("found more than " + BundleReader.MAX_FILE_BYTES + " bytes, "
                        + "expected at most that", installedVersion());
            }
            AtomicFiles.fsync(temp);
            return installCopy(temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new empty temporary file beside the installed bundle, for a download to hand to {@link #installStaged}. */
    Path newTemp() throws IOException {
        return AtomicFiles.tempBeside(target);
    }

    /** Installs the bundle in a fsynced temporary file from {@link #newTemp()}, which is gone afterwards. */
    InstallResult installStaged(Path staged) throws IOException {
        try {
            return installCopy(staged);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Removes the temporary files that an install or download interrupted by a crash or power cut left beside the
     * bundle file ({@code .NAME.*.tmp}); returns how many bytes they held. Called once at start, before anything
     * else writes to that file system, so that a half download can never fill it for good. An install by hand
     * running at that very moment loses its copy and fails; run it again. Never throws: a file that cannot be
     * removed is logged and left.
     */
    public static long removeStaleTemps(Path bundleFile) {
        Path folder = AtomicFiles.folderOf(bundleFile);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        String prefix = "." + bundleFile.getFileName() + ".";
        long freed = 0;
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder,
                entry -> entry.getFileName().toString().startsWith(prefix)
                        && entry.getFileName().toString().endsWith(".tmp"))) {
            for (Path temp : temps) {
                long size = Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS) ? Files.size(temp) : 0;
                if (Files.deleteIfExists(temp)) {
                    freed += size;
                    removed++;
                }
            }
        } catch (IOException e) {
            Logger.warn("cannot remove stale temporary bundle files in {}: {}", folder, e.getMessage());
        }
        if (removed > 0) {
            Logger.info("removed {} stale temporary bundle file(s) ({} bytes) left by an interrupted download or "
                    + "install", removed, freed);
        }
        return freed;
    }

    /** The installed bundle's version when its signature verifies against the pinned roots, else 0. */
    public long installedVersion() throws IOException {
        return installedManifest().map(Manifest::version).orElse(0L);
    }

    private InstallResult installCopy(Path copy) throws IOException {
        TrustBundle bundle;
        try {
            bundle = BundleReader.read(copy, roots);
            bundle.requireUsable();
        } catch (BundleException e) {
            return new InstallResult.Refused(e.getMessage(), installedVersion());
        }
        Instant now = clock.instant();
        if (bundle.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
            return new InstallResult.Refused("found issuedAt " + bundle.issuedAt() + ", expected it no later than the "
                    + "kiosk's clock " + now + " (plus " + CLOCK_SKEW.toMinutes() + " min)", installedVersion());
        }
        if (!now.isBefore(bundle.validUntil())) {
            return new InstallResult.Refused("the bundle expired at " + bundle.validUntil() + ", before the kiosk's "
                    + "clock " + now, installedVersion());
        }
        synchronized (IN_PROCESS_LOCK) {
            Files.createDirectories(AtomicFiles.folderOf(target));
            Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                Optional<Manifest> installed = installedManifest();
                long installedVersion = installed.map(Manifest::version).orElse(0L);
                if (installed.isPresent() && installed.get().equals(bundle.manifest())) {
                    return new InstallResult.Unchanged(installedVersion);
                }
                if (bundle.version() <= installedVersion) {
                    return new InstallResult.Refused("found version " + bundle.version() + ", expected a version "
                            + "greater than the installed " + installedVersion + (bundle.version() == installedVersion
                            ? " (the same version with other content)" : " (no rollback)"), installedVersion);
                }
                AtomicFiles.replace(copy, target, replacePoint);
                return new InstallResult.Installed(bundle.movedTo(target), installedVersion);
            }
        }
    }

    private Optional<Manifest> installedManifest() throws IOException {
        if (!Files.isRegularFile(target)) {
            return Optional.empty();
        }
        return BundleReader.signedManifest(target, roots);
    }

    private static long copyBounded(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > BundleReader.MAX_FILE_BYTES) {
                return total;
            }
            out.write(buffer, 0, n);
        }
        return total;
    }
}
