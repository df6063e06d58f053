package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.tinylog.Logger;

/**
 * Owner-only files for the kiosk's secrets (the site secret, the entry log's data key and signing key) and the
 * atomic replacement of small state files. A file is written through a temporary file in the same folder that gets
 * permissions 0600 where POSIX permissions exist, is fsynced, renamed over the target atomically, and the folder is
 * fsynced, so a crash leaves the old content or the new, never a part. The file belongs to the daemon's user; the
 * shipped systemd unit runs as {@code passgate}. Two processes writing one file at the same moment are not guarded
 * against here; callers that need it hold a lock of their own.
 */
final class SecretFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {
    }

    /** Writes {@code content} to {@code file}, replacing any earlier file, owner-only. */
    static void writeAtomically(Path file, byte[] content, String what) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temporary = posix
                ? Files.createTempFile(folder, file.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(folder, file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("Cannot write " + what + " file " + file + ": the file system cannot rename "
                        + temporary.getFileName() + " atomically", e);
            }
            syncFolder(folder);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Reads a file that must hold exactly {@code length} bytes, warning when others may read it. */
    static byte[] readExactly(Path file, int length, String what) throws IOException {
        long size = Files.size(file);
        if (size != length) {
            throw new IOException(what + " file " + file + " has " + size + " bytes, expected " + length);
        }
        byte[] content = Files.readAllBytes(file);
        if (content.length != length) {
            throw new IOException(what + " file " + file + " has " + content.length + " bytes, expected " + length);
        }
        warnIfReadableByOthers(file, what);
        return content;
    }

    /** Makes a rename durable by fsyncing the folder; file systems that cannot open a folder skip this. */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            Logger.debug("Cannot fsync folder {}: {}", folder, e.getMessage());
        }
    }

    static void warnIfReadableByOthers(Path file, String what) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            Logger.warn("{} file {} has permissions {}, expected {} or narrower", what, file,
                    PosixFilePermissions.toString(permissions), PosixFilePermissions.toString(OWNER_ONLY));
        }
    }
}
