package dev.passgate.daemon.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The first record of a log that starts over: its chain begins again at the genesis value, and its sequence
 * continues above {@code afterSequence}, the highest number this device may have used before (so no number is
 * ever used twice). {@code setAsideFile} names the corrupt file that was moved aside, in the same folder, or is
 * null when the earlier records are simply not in this file. {@code reason} is one line for a technician, never
 * personal data.
 */
public record RestartRecord(Instant wallTime, long afterSequence, String setAsideFile, String reason)
        implements LogRecord {
    public static final int MAX_TEXT_LENGTH = 256;

    public RestartRecord {
        wallTime = Objects.requireNonNull(wallTime, "wallTime").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(reason, "reason");
        if (afterSequence < 0) {
            throw new IllegalArgumentException("afterSequence must be at least 0, found " + afterSequence);
        }
        if (setAsideFile != null && (setAsideFile.isEmpty() || setAsideFile.length() > MAX_TEXT_LENGTH)) {
            throw new IllegalArgumentException("setAsideFile must be 1 to " + MAX_TEXT_LENGTH + " chars, found "
                    + setAsideFile.length());
        }
        if (reason.length() > MAX_TEXT_LENGTH) {
            reason = reason.substring(0, MAX_TEXT_LENGTH);
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.RESTART;
    }
}
