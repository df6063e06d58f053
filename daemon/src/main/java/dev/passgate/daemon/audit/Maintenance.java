package dev.passgate.daemon.audit;

/**
 * What one {@link EntryLog#maintain} did: records purged by the retention rule and how many of them had not been
 * uploaded (those are counted in a {@link GapRecord}), whether a checkpoint was signed, and how many unlogged
 * decisions got their gap record.
 */
public record Maintenance(long purged, long purgedNotUploaded, boolean checkpointed, long gapsRecorded) {
}
