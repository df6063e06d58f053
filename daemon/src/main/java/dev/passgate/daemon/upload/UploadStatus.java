package dev.passgate.daemon.upload;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the daemon shows about its uploader: where it sends, when the collector last stored a batch (wall time),
 * about how many records wait (the records after the last one known stored; a record marked uploaded out of order
 * is still counted), the failures in a row, the last problem, and the records marked uploaded since start.
 */
public record UploadStatus(String transport, Optional<Instant> lastSuccess, long pending, int failures,
                           Optional<String> lastProblem, long uploaded) {
    public UploadStatus {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        Objects.requireNonNull(lastProblem, "lastProblem");
    }
}
