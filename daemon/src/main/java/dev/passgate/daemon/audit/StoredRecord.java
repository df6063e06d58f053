package dev.passgate.daemon.audit;

import java.util.Objects;

/**
 * One row of the entry log, decoded, whatever its kind: a scan ({@link EntryRecord}) or a marker the log wrote
 * itself ({@link GapRecord}, {@link RestartRecord}), with the device that wrote it and its sequence number.
 * {@link StoredEntry} is the same for scans only.
 */
public record StoredRecord(String deviceId, long sequence, LogRecord record) {
    public StoredRecord {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(record, "record");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, found " + sequence);
        }
    }
}
