package dev.passgate.config;

/**
 * How the buzzer makes its sound: an {@code active} buzzer has its own oscillator and is switched on and off;
 * a {@code passive} one is a bare transducer driven with a square wave (hardware PWM) at a frequency.
 */
public enum BuzzerKind {
    ACTIVE, PASSIVE
}
