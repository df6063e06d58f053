package dev.passgate.hal;

import java.util.Optional;

/**
 * The switches a kiosk may have wired, each optional: a staff button that confirms an entry waiting for staff, an
 * exit button that opens the door from inside, and a door contact that tells whether the door is open.
 */
public record DoorInputs(Optional<DigitalInput> staffButton, Optional<DigitalInput> exitButton,
                         Optional<DigitalInput> doorContact) implements AutoCloseable {
    /** A kiosk with no switches wired. */
    public static DoorInputs none() {
        return new DoorInputs(Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public void close() {
        staffButton.ifPresent(DigitalInput::close);
        exitButton.ifPresent(DigitalInput::close);
        doorContact.ifPresent(DigitalInput::close);
    }
}
