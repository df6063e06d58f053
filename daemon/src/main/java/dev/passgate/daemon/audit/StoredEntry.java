package dev.passgate.daemon.audit;

import java.util.Objects;

/**
 * One row of the entry log: the record, the device that wrote it and the device's sequence number for it.
 * Sequence numbers start at 1 for each device id; the log's own markers ({@link StoredRecord}) take numbers too.
 */
public record StoredEntry(String deviceId, long sequence, EntryRecord record) {
    public StoredEntry {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(record, "record");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, found " + sequence);
        }
    }
}
