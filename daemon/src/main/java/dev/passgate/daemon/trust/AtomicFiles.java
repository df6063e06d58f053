package dev.passgate.daemon.trust;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Replacing a file so that a reader, or a power cut, sees the old file or the new one and never a mix: write a
 * temporary file in the same folder, fsync it, rename it over the target, fsync the folder. {@link ReplacePoint}
 * is the seam at the rename, so tests can fail exactly there.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The step that makes the new file the current one. */
    @FunctionalInterface
    interface ReplacePoint {
        ReplacePoint RENAME = (temp, target) -> Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        void replace(Path temp, Path target) throws IOException;
    }

    /** A new empty temporary file beside the target, readable by everyone (trust data is not secret). */
    static Path tempBeside(Path target) throws IOException {
        Path folder = folderOf(target);
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the default permissions stay.
        }
        return temp;
    }

    /** Flushes the file's content to the storage. */
    static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Renames the fsynced temporary file over the target through the point, then fsyncs the folder. */
    static void replace(Path temp, Path target, ReplacePoint point) throws IOException {
        try {
            point.replace(temp, target);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temp + " atomically over " + target + ": " + e.getMessage(), e);
        }
        fsyncFolder(folderOf(target));
    }

    /** Writes small content to the target atomically. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path temp = tempBeside(target);
        try {
            Files.write(temp, bytes);
            fsync(temp);
            replace(temp, target, ReplacePoint.RENAME);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void fsyncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a folder; the rename is still atomic there.
            if (Files.isDirectory(folder)) {
                return;
            }
            throw e;
        }
    }

    static Path folderOf(Path file) {
        return Objects.requireNonNullElse(file.toAbsolutePath().getParent(), Path.of("/"));
    }
}
