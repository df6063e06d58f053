package dev.passgate.config;

import java.util.List;
import java.util.Objects;

/**
 * How the buzzer on {@code [feedback.gpio.buzzer]} is driven: its {@link BuzzerKind} and, for a passive buzzer,
 * the frequency of its tone in hertz (tone patterns such as {@code chime} use it as their base). A passive
 * buzzer needs a hardware PWM pin ({@link #PWM_PINS}); the loader checks that when GPIO is enabled.
 */
public record BuzzerDrive(BuzzerKind kind, int frequencyHz) {

    /** The accepted tone frequency in hertz. */
    public static final IntRange FREQUENCY_HZ_RANGE = new IntRange(100, 10_000);
    /** The kind used when the file names none. */
    public static final BuzzerKind DEFAULT_KIND = BuzzerKind.ACTIVE;
    /** The frequency used when the file names none: the resonance of common 12 mm piezo transducers. */
    public static final int DEFAULT_FREQUENCY_HZ = 2700;
    /** The BCM pins of the Raspberry Pi that carry a hardware PWM channel (0: 12 and 18; 1: 13 and 19). */
    public static final List<Integer> PWM_PINS = List.of(12, 13, 18, 19);
    /** The drive with every value at its default. */
    public static final BuzzerDrive DEFAULTS = new BuzzerDrive(DEFAULT_KIND, DEFAULT_FREQUENCY_HZ);

    /** Rejects a missing kind or a frequency outside {@link #FREQUENCY_HZ_RANGE}. */
    public BuzzerDrive {
        Objects.requireNonNull(kind, "kind");
        FREQUENCY_HZ_RANGE.check("frequencyHz", frequencyHz);
    }
}
