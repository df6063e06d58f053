package dev.passgate.daemon.audit;

import java.time.Instant;

/**
 * The decoded body of one row of the entry log: a scan ({@link EntryRecord}) or a marker the log writes itself
 * ({@link GapRecord}, {@link RestartRecord}), or what happened at the door ({@link DoorRecord}). {@link #wallTime}
 * is the time the row's event happened, kept to the millisecond, and is also stored in clear in the row's header
 * so that retention works on encrypted bodies.
 */
public sealed interface LogRecord permits EntryRecord, GapRecord, RestartRecord, DoorRecord {
    Instant wallTime();

    RecordKind kind();
}
