package dev.passgate.daemon.door;

import com.upokecenter.cbor.CBORObject;

/**
 * The door as {@code passgate status} shows it: {@code door} is {@code "open"}, {@code "closed"} or
 * {@code "no contact"} (no door contact wired), {@code alarm} is {@code "none"}, {@code "forced"} or
 * {@code "held_open"}, {@code contactHealth} the contact input's health word (or {@code "none"}); the counts are
 * since the kiosk started. {@code unlogged} counts door events the entry log could not write (it records a gap).
 */
public record DoorState(String door, String alarm, String contactHealth, long passed, long notPassed, long forced,
                        long heldOpen, long exits, long unlogged) {

    /** The {@code door} object of {@code passgate status --json}. */
    public CBORObject toJson() {
        return CBORObject.NewOrderedMap()
                .Add("state", door)
                .Add("alarm", alarm)
                .Add("contact", contactHealth)
                .Add("passed", passed)
                .Add("notPassed", notPassed)
                .Add("forced", forced)
                .Add("heldOpen", heldOpen)
                .Add("exits", exits)
                .Add("unlogged", unlogged);
    }
}
