package dev.passgate.daemon.verify.pg1;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * A replay cache held in memory, lost on restart: for {@code passgate verify}, for tests, and as the fallback of
 * {@link SqliteReplayCache}. Thread-safe. An entry counts until its {@code forgetAfter}; entries past it are
 * dropped once per second of the callers' clock at most (each drop walks the table, so a busy kiosk does not walk
 * it on every scan). A cache made with a capacity also forgets its oldest entries beyond it.
 */
public final class MemoryReplayCache implements ReplayCache {
    private final int capacity;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();
    private long prunedSecond = Long.MIN_VALUE;

    /** A cache without a capacity: it holds every entry until its time. */
    public MemoryReplayCache() {
        this(Integer.MAX_VALUE);
    }

    /** A cache of at most {@code capacity} entries, the oldest forgotten first. */
    public MemoryReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: expected at least 1, found " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean firstSeen(String key, Instant forgetAfter, Instant now) {
        if (now.getEpochSecond() != prunedSecond) {
            seen.values().removeIf(until -> until.isBefore(now));
            prunedSecond = now.getEpochSecond();
        }
        Instant until = seen.get(key);
        if (until != null && !until.isBefore(now)) {
            return false;
        }
        seen.remove(key);
        seen.put(key, forgetAfter);
        Iterator<String> oldest = seen.keySet().iterator();
        while (seen.size() > capacity) {
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** The entries held now, expired ones not yet dropped included. */
    synchronized int size() {
        return seen.size();
    }
}
