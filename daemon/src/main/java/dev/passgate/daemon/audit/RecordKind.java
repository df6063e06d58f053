package dev.passgate.daemon.audit;

/**
 * What one row of the entry log records, stored as its {@link #code} in the {@code kind} column and hashed into
 * the chain. Codes are never reused or renumbered; a reader meeting an unknown code refuses the row.
 */
public enum RecordKind {
    /** A scan and the gate's decision; body {@link EntryRecord}. */
    ENTRY(1),
    /** Decisions, or stored records, that the log counts as missing; body {@link GapRecord}. */
    GAP(2),
    /** The first record of a log that starts over without its predecessor; body {@link RestartRecord}. */
    RESTART(3),
    /** What happened at the door: passed, not passed, forced, held open, closed, exit; body {@link DoorRecord}. */
    DOOR(5);

    private final int code;

    RecordKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind stored as {@code code}; an unknown code is a row this build cannot read. */
    public static RecordKind ofCode(int code) {
        for (RecordKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("record kind " + code + " is not one of 1 (ENTRY), 2 (GAP), 3 (RESTART),"
                + " 5 (DOOR)");
    }
}
