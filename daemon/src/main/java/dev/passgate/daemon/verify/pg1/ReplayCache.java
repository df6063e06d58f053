package dev.passgate.daemon.verify.pg1;

import java.time.Instant;

/**
 * Remembers which presentations were already accepted, each until it could no longer pass the freshness check
 * anyway. {@link #firstSeen} records and answers in one step, so two scans of one presentation cannot both be
 * first. Implementations: {@link MemoryReplayCache} (one process) and {@link SqliteReplayCache} (survives a
 * restart).
 */
public interface ReplayCache {
    /**
     * Records {@code key} until {@code forgetAfter}, first dropping entries that expired before {@code now}.
     * Returns true when the key was not already recorded.
     */
    boolean firstSeen(String key, Instant forgetAfter, Instant now);
}
