package dev.passgate.config;

/**
 * The buzzer pattern played for a verdict; written in lower case in the file ({@code "short"}). The lengths
 * of the patterns belong to the buzzer driver, not to the configuration. {@code CHIME} is two notes, high then
 * low (a passive buzzer sounds them at two pitches; an active one beeps twice).
 */
public enum Tone {
    NONE, SHORT, DOUBLE, LONG, CHIME
}
