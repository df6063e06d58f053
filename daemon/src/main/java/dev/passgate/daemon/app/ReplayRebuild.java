package dev.passgate.daemon.app;

import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.verify.pg1.SqliteReplayCache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.tinylog.Logger;

/**
 * Re-seeds a replay cache that was set aside as damaged from the entry log: every ENTRY record that carries a
 * replay digest (an admitted PG1 presentation) and whose wall time is within {@code window} (freshness window plus
 * twice the future skew, the longest a presentation stays fresh after its scan) before now is recorded again until
 * its wall time plus {@code window}. A presentation admitted before the damage is then REPLAYED after the restart.
 * Reads the log newest page backwards only as far as needed, and at most {@value #MAX_RECORDS} records.
 */
final class ReplayRebuild {
    static final int MAX_RECORDS = 200_000;
    private static final int PAGE = 1_000;

    private ReplayRebuild() {
    }

    /** How many digests were re-seeded; a log that cannot be read re-seeds nothing (and says so). */
    static int fromLog(EntryLog log, SqliteReplayCache cache, Duration window, Instant now) {
        Instant since = now.minus(window);
        int seeded = 0;
        try {
            long last = log.lastSequence();
            long from = last;
            boolean reachedOlder = false;
            while (from > 0 && last - from < MAX_RECORDS && !reachedOlder) {
                from = Math.max(0, from - PAGE);
                List<StoredEntry> first = log.readFrom(from, 1);
                reachedOlder = !first.isEmpty() && first.get(0).record().wallTime().isBefore(since);
            }
            for (List<StoredEntry> page = log.readFrom(from, PAGE); !page.isEmpty();
                 page = log.readFrom(page.get(page.size() - 1).sequence(), PAGE)) {
                for (StoredEntry entry : page) {
                    EntryRecord record = entry.record();
                    if (record.replayDigest() != null && !record.wallTime().isBefore(since)
                            && cache.seed(record.replayDigest(), record.wallTime().plus(window))) {
                        seeded++;
                    }
                }
            }
        } catch (EntryLogException e) {
            Logger.error("replay cache not rebuilt: the entry log cannot be read ({})", e.getMessage());
            return seeded;
        }
        Logger.warn("replay cache rebuilt from the entry log: {} admitted PG1 presentation(s) of the last {} s",
                seeded, window.toSeconds());
        return seeded;
    }
}
