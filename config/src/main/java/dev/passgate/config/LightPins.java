package dev.passgate.config;

/**
 * The two pins of a two-colour status light: {@code [feedback.gpio.light]} in the file. Amber is shown by
 * driving both. Pin numbers are BCM numbers in {@link PinConfig#PIN_RANGE}; that they differ from each other
 * and from the other pins is checked by the loader, not by this record.
 */
public record LightPins(int greenPin, int redPin, boolean activeLow) {

    /** The green pin used when the file names none. */
    public static final int DEFAULT_GREEN_PIN = 17;
    /** The red pin used when the file names none. */
    public static final int DEFAULT_RED_PIN = 27;
    /** Whether the light is active low when the file does not say. */
    public static final boolean DEFAULT_ACTIVE_LOW = false;
    /** The light section with every value at its default. */
    public static final LightPins DEFAULTS = new LightPins(DEFAULT_GREEN_PIN, DEFAULT_RED_PIN, DEFAULT_ACTIVE_LOW);

    /** Rejects a pin outside {@link PinConfig#PIN_RANGE}. */
    public LightPins {
        PinConfig.PIN_RANGE.check("greenPin", greenPin);
        PinConfig.PIN_RANGE.check("redPin", redPin);
    }
}
