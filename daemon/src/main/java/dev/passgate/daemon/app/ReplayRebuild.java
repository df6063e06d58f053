package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.verify.pg1.SqliteReplayCache;
import java.time.Duration;
import java.time.Instant;
import org.tinylog.Logger;

/**
 * Re-seeds a replay cache that was set aside as damaged from the entry log: every ENTRY record that carries a
 * replay digest (an admitted PG1 presentation) and whose wall time is within {@code window} ({@link #WINDOW}: the
 * longest a presentation can stay fresh after its scan under any configuration) before now is recorded again until
 * its wall time plus {@code window}. A presentation admitted before the damage is then REPLAYED after the restart.
 * Reads the log as {@link AntiPassback} does at start: backwards only as far as needed, and at most
 * {@value AntiPassback#MAX_RESTORE_RECORDS} records.
 */
final class ReplayRebuild {
    /** The replay retention plus the longest skew: a presentation is signed at most that far ahead of its scan. */
    static final Duration WINDOW = GateAssembly.REPLAY_RETENTION.plusSeconds(GateConfig.FUTURE_SKEW_S_RANGE.max());

    private ReplayRebuild() {
    }

    /** How many digests were re-seeded; a log that cannot be read re-seeds nothing (and says so). */
    static int fromLog(EntryLog log, SqliteReplayCache cache, Duration window, Instant now) {
        Instant since = now.minus(window);
        int seeded = 0;
        try {
            for (EntryRecord record : AntiPassback.recentRecords(log, since)) {
                if (record.replayDigest() != null && !record.wallTime().isBefore(since)
                        && cache.seed(record.replayDigest(), record.wallTime().plus(window))) {
                    seeded++;
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
