package dev.passgate.hal;

import java.time.Duration;
import java.util.List;

/**
 * A buzzer pattern: durations that alternate on, off, on, ... starting with on. An empty list is silence.
 * {@code pitches} gives each on-step a pitch relative to the buzzer's base frequency (1.0 when the list is
 * shorter); an active buzzer has one pitch and ignores them, a passive one plays them. The named constants are
 * the patterns a feedback table can refer to.
 */
public record BuzzerPattern(String name, List<Duration> steps, List<Double> pitches) {
    public static final BuzzerPattern NONE = new BuzzerPattern("none", List.of());
    public static final BuzzerPattern SHORT = new BuzzerPattern("short", List.of(Duration.ofMillis(120)));
    public static final BuzzerPattern DOUBLE = new BuzzerPattern("double",
            List.of(Duration.ofMillis(120), Duration.ofMillis(100), Duration.ofMillis(120)));
    public static final BuzzerPattern LONG = new BuzzerPattern("long", List.of(Duration.ofMillis(800)));
    /** Two notes, "ding" then "dong" a major third lower. */
    public static final BuzzerPattern CHIME = new BuzzerPattern("chime",
            List.of(Duration.ofMillis(350), Duration.ofMillis(60), Duration.ofMillis(500)), List.of(1.0, 0.8));

    /** A pattern at the base pitch. */
    public BuzzerPattern(String name, List<Duration> steps) {
        this(name, steps, List.of());
    }

    public BuzzerPattern {
        steps = List.copyOf(steps);
        pitches = List.copyOf(pitches);
        for (double pitch : pitches) {
            if (!(pitch > 0.1 && pitch < 10)) {
                throw new IllegalArgumentException("buzzer pitch must lie in 0.1..10, found " + pitch + " in " + name);
            }
        }
        for (Duration step : steps) {
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("buzzer step must be positive, found " + step + " in " + name);
            }
        }
    }

    /** The relative pitch of the on-step at {@code stepIndex} (an even index). */
    public double pitchOf(int stepIndex) {
        int note = stepIndex / 2;
        return note < pitches.size() ? pitches.get(note) : 1.0;
    }
}
