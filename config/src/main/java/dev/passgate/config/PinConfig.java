package dev.passgate.config;

/**
 * One output pin, numbered as a Broadcom (BCM) GPIO number, and whether it is active when driven low.
 * Used for the buzzer in {@code [feedback.gpio.buzzer]}; its defaults live in {@link GpioConfig}.
 */
public record PinConfig(int pin, boolean activeLow) {

    /** The BCM pin numbers of the Raspberry Pi header; every pin in the configuration lies in this range. */
    public static final IntRange PIN_RANGE = new IntRange(0, 27);

    /** Rejects a pin outside {@link #PIN_RANGE}. */
    public PinConfig {
        PIN_RANGE.check("pin", pin);
    }
}
