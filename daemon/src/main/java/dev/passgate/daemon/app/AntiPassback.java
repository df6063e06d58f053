package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.StoredEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Person-level reuse window: the same holder (by entry-log pseudonym, so for every format and for every pass the
 * holder owns) admitted again at this kiosk within the window. {@code REFUSE} turns the second {@code VALID} into
 * {@code REPLAYED} with the time of the first admission; {@code ALLOW} admits and logs it; {@code OFF} does
 * nothing. Elapsed time is measured on the monotonic clock, so setting the wall clock cannot reopen the door.
 * Only admissions are remembered, in memory; after a restart {@link #restore} rebuilds them from the entry log's
 * {@code VALID} records of the last window (their holder pseudonym and wall time), so a restart does not reopen
 * the door. That needs a trusted clock at start and records kept at the {@code pseudonymous} or {@code full}
 * holder level; with {@code holder = "none"} or an untrusted clock a restart forgets the window. Memory is bounded
 * by the holders admitted within one window. Not thread-safe; the gate handles one scan at a time.
 */
final class AntiPassback {
    /** The most entry-log records read back at start, newest first, to rebuild one window. */
    static final int MAX_RESTORE_RECORDS = 200_000;
    private static final int RESTORE_PAGE = 1_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private final GateConfig.Passback mode;
    private final long windowNanos;
    private final Map<String, Admission> admitted = new HashMap<>();

    private record Admission(long nanos, Instant at) {
    }

    AntiPassback(GateConfig.Passback mode, Duration window) {
        this.mode = mode;
        this.windowNanos = window.toNanos();
    }

    /** Whether this window was set up with these settings, so that a reload can keep what it remembers. */
    boolean sameSettings(GateConfig.Passback otherMode, Duration otherWindow) {
        return mode == otherMode && windowNanos == otherWindow.toNanos();
    }

    /** The configured mode, for the site window ({@link SiteGate}). */
    GateConfig.Passback mode() {
        return mode;
    }

    /** The window, for the site window ({@link SiteGate}). */
    Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** The outcome after the reuse check; records the admission when the result is {@code VALID}. */
    Outcome apply(Outcome outcome, String pseudonym, Instant at, long nanos) {
        if (mode == GateConfig.Passback.OFF || !outcome.valid() || pseudonym == null) {
            return outcome;
        }
        admitted.values().removeIf(previous -> nanos - previous.nanos() >= windowNanos);
        Admission previous = admitted.get(pseudonym);
        if (previous != null && mode == GateConfig.Passback.REFUSE) {
            return outcome.withCheck("passback", false).withVerdict(Verdict.REPLAYED,
                    "already admitted at " + TIME.format(previous.at()) + " at this kiosk, within the "
                            + Duration.ofNanos(windowNanos).toMinutes() + " min anti-passback window");
        }
        if (previous != null) {
            Logger.info("holder admitted again within the anti-passback window (first at {})",
                    TIME.format(previous.at()));
        } else {
            admitted.put(pseudonym, new Admission(nanos, at));
        }
        return outcome.withCheck("passback", previous == null);
    }

    /**
     * Rebuilds the admissions of the window that ends at {@code now} (a trusted reading, at monotonic {@code nanos})
     * from the entry log; returns how many holders were restored.
     */
    int restore(EntryLog log, Instant now, long nanos) throws EntryLogException {
        if (mode == GateConfig.Passback.OFF) {
            return 0;
        }
        Instant since = now.minusNanos(windowNanos);
        for (EntryRecord record : recentRecords(log, since)) {
            if (record.clockTrusted() && record.holderId() != null && "VALID".equals(record.verdict())
                    && record.wallTime().isAfter(since) && !record.wallTime().isAfter(now)) {
                long age = Duration.between(record.wallTime(), now).toNanos();
                admitted.putIfAbsent(record.holderId(), new Admission(nanos - age, record.wallTime()));
            }
        }
        return admitted.size();
    }

    /**
     * The log's records from about the first one at or after {@code since} (by wall time), oldest first, reading
     * backwards a page at a time only as far as needed and at most {@value #MAX_RESTORE_RECORDS} records back.
     */
    static List<EntryRecord> recentRecords(EntryLog log, Instant since) throws EntryLogException {
        long last = log.lastSequence();
        long from = last;
        boolean reachedOlder = false;
        while (from > 0 && last - from < MAX_RESTORE_RECORDS && !reachedOlder) {
            from = Math.max(0, from - RESTORE_PAGE);
            List<StoredEntry> page = log.readFrom(from, 1);
            reachedOlder = !page.isEmpty() && page.get(0).record().wallTime().isBefore(since);
        }
        List<EntryRecord> records = new ArrayList<>();
        for (List<StoredEntry> page = log.readFrom(from, RESTORE_PAGE); !page.isEmpty();
             page = log.readFrom(page.get(page.size() - 1).sequence(), RESTORE_PAGE)) {
            page.forEach(entry -> records.add(entry.record()));
        }
        return records;
    }
}
