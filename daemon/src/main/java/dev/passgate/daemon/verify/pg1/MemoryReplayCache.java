package dev.passgate.daemon.verify.pg1;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A replay cache held in memory, lost on restart: for {@code passgate verify} and tests. Thread-safe. */
public final class MemoryReplayCache implements ReplayCache {
    private final Map<String, Instant> seen = new HashMap<>();

    @Override
    public synchronized boolean firstSeen(String key, Instant forgetAfter, Instant now) {
        seen.values().removeIf(until -> until.isBefore(now));
        return seen.putIfAbsent(key, forgetAfter) == null;
    }
}
