package dev.passgate.config;

import java.time.Duration;

/**
 * The door-strike relay: {@code [feedback.gpio.relay]} in the file. {@code maxOn} is a safety cap: the relay
 * driver never keeps the relay energised longer, whatever a verdict asks for. The loader also rejects a
 * verdict whose relay time exceeds it; this record does not know the verdicts.
 */
public record RelayConfig(int pin, boolean activeLow, Duration maxOn) {

    /** The relay pin used when the file names none. */
    public static final int DEFAULT_PIN = 23;
    /** Whether the relay is active low when the file does not say; most relay boards are. */
    public static final boolean DEFAULT_ACTIVE_LOW = true;
    /** The accepted maximum on-time in milliseconds. */
    public static final IntRange MAX_ON_MS_RANGE = new IntRange(100, 30_000);
    /** The maximum on-time used when the file names none. */
    public static final Duration DEFAULT_MAX_ON = Duration.ofMillis(5000);
    /** The relay section with every value at its default. */
    public static final RelayConfig DEFAULTS = new RelayConfig(DEFAULT_PIN, DEFAULT_ACTIVE_LOW, DEFAULT_MAX_ON);

    /** Rejects a pin outside {@link PinConfig#PIN_RANGE} or a maximum on-time outside {@link #MAX_ON_MS_RANGE}. */
    public RelayConfig {
        PinConfig.PIN_RANGE.check("pin", pin);
        MAX_ON_MS_RANGE.checkMillis("maxOn", maxOn);
    }
}
