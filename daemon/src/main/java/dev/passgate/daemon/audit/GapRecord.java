package dev.passgate.daemon.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A counted gap: {@code count} records that the chain does not hold, and why. For a loss ({@link GapReason}
 * {@code CAPACITY}, {@code STORAGE_FULL}, {@code STORAGE_FAULT}) they are decisions the gate made and gave
 * feedback for while the log could not write them; {@code firstLost} and {@code lastLost} are the wall times of
 * the first and last of them, and the sequence range is 0..0 because they never had sequence numbers. For
 * {@code RETENTION} they are the records in {@code fromSequence..toSequence} that were purged before they were
 * uploaded, and the times are those of the first and last record purged. {@code wallTime} is when the gap was
 * recorded. Times are kept to the millisecond.
 */
public record GapRecord(Instant wallTime, GapReason reason, long count, Instant firstLost, Instant lastLost,
                        long fromSequence, long toSequence) implements LogRecord {
    public GapRecord {
        Objects.requireNonNull(reason, "reason");
        wallTime = Objects.requireNonNull(wallTime, "wallTime").truncatedTo(ChronoUnit.MILLIS);
        firstLost = Objects.requireNonNull(firstLost, "firstLost").truncatedTo(ChronoUnit.MILLIS);
        lastLost = Objects.requireNonNull(lastLost, "lastLost").truncatedTo(ChronoUnit.MILLIS);
        if (count < 1) {
            throw new IllegalArgumentException("gap count must be at least 1, found " + count);
        }
        boolean retention = reason == GapReason.RETENTION;
        boolean rangeOk = retention ? fromSequence >= 1 && toSequence >= fromSequence
                && count <= toSequence - fromSequence + 1 : fromSequence == 0 && toSequence == 0;
        if (!rangeOk) {
            throw new IllegalArgumentException("gap " + reason + " of " + count + " with sequence range "
                    + fromSequence + ".." + toSequence + "; expected " + (retention
                    ? "1 <= from <= to holding the count" : "0..0 for decisions that never had numbers"));
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.GAP;
    }
}
