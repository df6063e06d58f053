package dev.passgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One switch wired to a GPIO input: {@code [inputs.staff_button]}, {@code [inputs.exit_button]} or
 * {@code [inputs.door_contact]} in the file. {@code pin} is a BCM number in {@link PinConfig#PIN_RANGE}; the
 * loader checks that it is not also an output pin or another input's pin. {@code activeLow} means closing the
 * switch pulls the line low, the usual wiring of a button or reed contact between the pin and GND with the
 * pull-up; for a door contact "active" means the door is open (see README, wiring).
 */
public record InputPin(int pin, Pull pull, boolean activeLow, Duration debounce) {
    /** The SoC's pull resistor on the line. */
    public enum Pull { UP, DOWN, OFF }

    /** The pull resistor when the file does not say. */
    public static final Pull DEFAULT_PULL = Pull.UP;
    /** Whether the switch is active low when the file does not say. */
    public static final boolean DEFAULT_ACTIVE_LOW = true;
    /** The accepted debounce time in milliseconds. */
    public static final IntRange DEBOUNCE_MS_RANGE = new IntRange(0, 1000);
    /** The debounce time when the file does not say. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(20);

    /** Rejects a pin outside {@link PinConfig#PIN_RANGE} or a debounce time outside {@link #DEBOUNCE_MS_RANGE}. */
    public InputPin {
        PinConfig.PIN_RANGE.check("pin", pin);
        Objects.requireNonNull(pull, "pull");
        DEBOUNCE_MS_RANGE.checkMillis("debounce", debounce);
    }

    /** A switch on the pin with every other value at its default. */
    public static InputPin on(int pin) {
        return new InputPin(pin, DEFAULT_PULL, DEFAULT_ACTIVE_LOW, DEFAULT_DEBOUNCE);
    }
}
