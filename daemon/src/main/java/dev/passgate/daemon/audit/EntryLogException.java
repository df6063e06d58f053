package dev.passgate.daemon.audit;

import java.nio.file.Path;

/**
 * An I/O fault of the entry log: the file cannot be opened, is not an entry log of a version this build reads,
 * or a write or read failed. The message names the file, what was being done and, where there is one, the
 * underlying cause. Normal scan outcomes are never reported this way.
 */
public final class EntryLogException extends Exception {
    private final Path file;

    EntryLogException(Path file, String problem) {
        super("Entry log " + file + ": " + problem);
        this.file = file;
    }

    EntryLogException(Path file, String problem, Throwable cause) {
        super("Entry log " + file + ": " + problem + ": " + cause.getMessage(), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
