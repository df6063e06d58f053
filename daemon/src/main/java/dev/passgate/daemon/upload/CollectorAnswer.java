package dev.passgate.daemon.upload;

import java.util.List;
import java.util.Objects;

/**
 * What the collector answers to a batch: the records it has durably stored ({@code stored}, as ranges; a record it
 * already had counts as stored), how many of the batch's checkpoints it keeps, and, for the figures, how many
 * records of the batch it already had ({@code duplicates}) and how many clashed with a different record it holds
 * under the same identity ({@code conflicts}; kept aside as evidence, and counted as stored so that they are not
 * sent forever). Only records in {@code stored} are ever marked uploaded.
 */
public record CollectorAnswer(List<SequenceRange> stored, int checkpoints, long duplicates, long conflicts) {
    public CollectorAnswer {
        stored = List.copyOf(Objects.requireNonNull(stored, "stored"));
    }

    /** Whether the answer says the record {@code deviceId}/{@code sequence} is stored. */
    public boolean stores(String deviceId, long sequence) {
        return stored.stream().anyMatch(r -> r.deviceId().equals(deviceId) && r.contains(sequence));
    }
}
