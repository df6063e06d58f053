package dev.passgate.daemon.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What happened at the door, written by the door monitor: see {@link DoorEvent}. {@code grantSequence} is the
 * sequence number of the record that granted the opening (the admitted scan's ENTRY record, or the EXIT record of
 * an exit-button press) for {@link DoorEvent#PASSED} and {@link DoorEvent#NOT_PASSED}, or 0 when there is none (the
 * grant's own record was not written, or the event is not about a grant). {@code openMillis} is how long the door
 * had been open, for {@link DoorEvent#HELD_OPEN} and {@link DoorEvent#CLOSED}, else 0. {@code monotonicNanos} is the
 * kiosk's monotonic time of the event. It holds nothing about a person.
 */
public record DoorRecord(Instant wallTime, DoorEvent event, long monotonicNanos, long grantSequence,
                         long openMillis) implements LogRecord {
    public DoorRecord {
        wallTime = Objects.requireNonNull(wallTime, "wallTime").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(event, "event");
        if (grantSequence < 0 || openMillis < 0) {
            throw new IllegalArgumentException("grantSequence and openMillis must be at least 0, found "
                    + grantSequence + " and " + openMillis);
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.DOOR;
    }
}
