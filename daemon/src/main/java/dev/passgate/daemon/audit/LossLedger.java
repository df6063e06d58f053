package dev.passgate.daemon.audit;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions an {@link EntryLog} could not write, kept in order as runs of one reason until a {@link GapRecord}
 * per run has been committed. The count is exact: a write whose commit reported a fault may have reached the disk
 * all the same, so it is kept as one uncertain attempt and settled at the start of the next write transaction by
 * looking for its last row (sequence and hash). Found, the attempt's record and gap records are stored; not found,
 * its record joins the losses. Held in memory, with a durable copy per reason in the {@link LossReserve} that the
 * log rewrites after every change ({@link #snapshot}) and carries over at the next opening ({@link #carry}).
 * Not thread-safe: the log's lock guards it.
 */
final class LossLedger {
    private final List<Run> runs = new ArrayList<>();
    private Attempt uncertain;
    private long unlogged;

    /** Counts a decision that certainly was not written. */
    Appended.Lost lose(GapReason reason, Instant at, String detail) {
        unlogged++;
        add(runs.size(), reason, at);
        return new Appended.Lost(reason, pending(), detail);
    }

    /**
     * Counts a write whose commit reported a fault: its record (if {@code reason} is not null, a decision) and the
     * gap records for the first {@code coveredRuns} runs may be stored as the row {@code sequence} with
     * {@code hash}, or not.
     */
    void uncertain(long sequence, byte[] hash, int coveredRuns, GapReason reason, Instant at) {
        runs.subList(0, coveredRuns).forEach(Run::seal);
        if (reason != null) {
            unlogged++;
        }
        uncertain = new Attempt(sequence, hash, coveredRuns, reason, at);
    }

    /** Settles an uncertain attempt by looking for its last row; call inside the next write transaction. */
    void settle(LogStore store) throws SQLException {
        if (uncertain == null) {
            return;
        }
        Attempt attempt = uncertain;
        boolean stored = store.at(attempt.sequence)
                .map(row -> Arrays.equals(row.hash(), attempt.hash)).orElse(false);
        if (stored) {
            runs.subList(0, attempt.coveredRuns).clear();
            if (attempt.reason != null) {
                unlogged--;
            }
        } else {
            runs.subList(0, attempt.coveredRuns).forEach(run -> run.sealed = false);
            if (attempt.reason != null) {
                add(attempt.coveredRuns, attempt.reason, attempt.at);
            }
        }
        uncertain = null;
    }

    /**
     * The pending losses per reason, for the durable copy: every run (sealed ones too, since a crash leaves their
     * gap records unsettled) and an uncertain attempt's own decision. May count a loss twice after a crash, never
     * miss one.
     */
    List<LossReserve.Pending> snapshot() {
        Map<GapReason, LossReserve.Pending> byReason = new EnumMap<>(GapReason.class);
        for (Run run : runs) {
            byReason.merge(run.reason, new LossReserve.Pending(run.reason, run.count, run.first, run.last),
                    LossLedger::merge);
        }
        if (uncertain != null && uncertain.reason != null) {
            byReason.merge(uncertain.reason, new LossReserve.Pending(uncertain.reason, 1, uncertain.at,
                    uncertain.at), LossLedger::merge);
        }
        return List.copyOf(byReason.values());
    }

    /** Losses carried over from the durable copy at opening: one run each, waiting for its gap record. */
    void carry(List<LossReserve.Pending> carried) {
        for (LossReserve.Pending pending : carried) {
            Run run = new Run(pending.reason(), pending.first());
            run.last = pending.last();
            run.count = pending.count();
            run.seal();
            runs.add(run);
            unlogged += pending.count();
        }
    }

    private static LossReserve.Pending merge(LossReserve.Pending a, LossReserve.Pending b) {
        Instant first = a.first().isBefore(b.first()) ? a.first() : b.first();
        Instant last = a.last().isAfter(b.last()) ? a.last() : b.last();
        return new LossReserve.Pending(a.reason(), a.count() + b.count(), first, last);
    }

    /** One gap record per run, stamped {@code now}; empty when nothing waits. */
    List<GapRecord> gapRecords(Instant now) {
        return runs.stream().map(run -> new GapRecord(now, run.reason, run.count, run.first, run.last, 0, 0))
                .toList();
    }

    /** The first {@code count} runs are committed as gap records. */
    void recorded(int count) {
        runs.subList(0, count).clear();
    }

    /** Decisions waiting for a gap record, an uncertain attempt's own decision included until it is settled. */
    long pending() {
        long uncertainDecision = uncertain != null && uncertain.reason != null ? 1 : 0;
        return runs.stream().mapToLong(run -> run.count).sum() + uncertainDecision;
    }

    long unlogged() {
        return unlogged;
    }

    /** Adds one loss at {@code index}, joining the run before it when that run has the same reason. */
    private void add(int index, GapReason reason, Instant at) {
        if (index > 0) {
            Run before = runs.get(index - 1);
            if (!before.sealed && before.reason == reason) {
                before.count++;
                before.last = at;
                return;
            }
        }
        runs.add(index, new Run(reason, at));
    }

    private static final class Run {
        final GapReason reason;
        final Instant first;
        Instant last;
        long count = 1;
        boolean sealed;

        Run(GapReason reason, Instant at) {
            this.reason = reason;
            this.first = at;
            this.last = at;
        }

        void seal() {
            sealed = true;
        }
    }

    private record Attempt(long sequence, byte[] hash, int coveredRuns, GapReason reason, Instant at) {
    }
}
