package dev.passgate.daemon.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A corrupt entry log that was moved aside on opening: the file that was corrupt, where it now is (same folder,
 * kept, never deleted), what SQLite said, and when. The log started in its place begins with a
 * {@link RestartRecord} naming {@code movedTo}.
 */
public record SetAside(Path file, Path movedTo, String reason, Instant at) {
    public SetAside {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(movedTo, "movedTo");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
