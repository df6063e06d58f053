package dev.passgate.hal.pi4j;

import java.time.Duration;
import java.util.Objects;

/**
 * One input pin as wired: the role name ("staff_button", "exit_button", "door_contact"), its BCM GPIO number, the
 * pull resistor the SoC enables on it, whether the switch is active low (closing it pulls the line to GND, the
 * usual wiring with the pull-up) and how long a new level must hold before it counts.
 */
public record InputSpec(String name, int bcm, Pull pull, boolean activeLow, Duration debounce) {
    /** The SoC's pull resistor on the line. */
    public enum Pull { UP, DOWN, OFF }

    public InputSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(debounce, "debounce");
        if (bcm < 0 || bcm > PinSpec.MAX_BCM) {
            throw new IllegalArgumentException("BCM pin number must be 0.." + PinSpec.MAX_BCM + ", found " + bcm);
        }
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce of " + name + ": found " + debounce + ", expected >= 0");
        }
    }

    /** The logical state (pressed, or open for a door contact) of a physical level. */
    boolean logical(boolean high) {
        return high != activeLow;
    }

    /** The physical level the line rests at with nothing driving it: high with a pull-up, else low. */
    boolean idleHigh() {
        return pull == Pull.UP;
    }
}
