package dev.passgate.daemon.audit;

/**
 * What a {@link DoorRecord} says happened at the door, stored by name. Names are never renamed or reused; a reader
 * meeting a name it does not know refuses the row, as for an unknown record kind.
 */
public enum DoorEvent {
    /** The door opened within the relay time of a grant: someone went through. */
    PASSED,
    /** The relay time of a grant ended and the door never opened. */
    NOT_PASSED,
    /** The door opened with no grant open: forced, or opened with a key; the forced-door alarm sounds. */
    FORCED,
    /** The door has stayed open past {@code door.held_open_limit_s}; the held-open alarm sounds until it closes. */
    HELD_OPEN,
    /** The door closed after a forced or held-open event; {@code openMillis} says how long it was open. */
    CLOSED,
    /** The exit button was pressed and the door relay energised for {@code door.exit_open_ms}. */
    EXIT
}
