package dev.passgate.config;

import java.util.Objects;

/**
 * The light, buzzer and relay wired to GPIO pins: {@code [feedback.gpio]} in the file. When {@code enabled}
 * is false the daemon drives no pin and the pin values are unused. The loader checks that the four pins are
 * distinct when GPIO is enabled; this record does not, so that tests may build any combination. {@code buzzerDrive}
 * says whether the buzzer is active or passive (see {@link BuzzerDrive}).
 */
public record GpioConfig(boolean enabled, LightPins light, PinConfig buzzer, RelayConfig relay,
                         BuzzerDrive buzzerDrive) {

    /** Whether GPIO is used when the file does not say. */
    public static final boolean DEFAULT_ENABLED = false;
    /** The buzzer pin used when the file names none. */
    public static final int DEFAULT_BUZZER_PIN = 22;
    /** Whether the buzzer is active low when the file does not say. */
    public static final boolean DEFAULT_BUZZER_ACTIVE_LOW = false;
    /** The buzzer section with every value at its default. */
    public static final PinConfig DEFAULT_BUZZER = new PinConfig(DEFAULT_BUZZER_PIN, DEFAULT_BUZZER_ACTIVE_LOW);
    /** The GPIO section with every value at its default. */
    public static final GpioConfig DEFAULTS =
            new GpioConfig(DEFAULT_ENABLED, LightPins.DEFAULTS, DEFAULT_BUZZER, RelayConfig.DEFAULTS);

    /** A GPIO section with an active buzzer. */
    public GpioConfig(boolean enabled, LightPins light, PinConfig buzzer, RelayConfig relay) {
        this(enabled, light, buzzer, relay, BuzzerDrive.DEFAULTS);
    }

    /** Rejects a missing part. */
    public GpioConfig {
        Objects.requireNonNull(light, "light");
        Objects.requireNonNull(buzzer, "buzzer");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(buzzerDrive, "buzzerDrive");
    }
}
