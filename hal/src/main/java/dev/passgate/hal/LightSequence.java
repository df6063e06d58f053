package dev.passgate.hal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a status light shows over time: steps of a colour for a duration, played once (then the last colour
 * stays) or repeated until something else is shown. A steady colour is one step. Played on any
 * {@link StatusLight} by {@code dev.passgate.hal.timing.LightPlayer}.
 */
public record LightSequence(String name, List<Step> steps, boolean repeat) {
    /** One colour for a time. */
    public record Step(LightColor color, Duration duration) {
        public Step {
            Objects.requireNonNull(color, "color");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("light step must be positive, found " + duration);
            }
        }
    }

    public LightSequence {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("light sequence " + name + " has no step");
        }
    }

    /** The colour, held. */
    public static LightSequence steady(LightColor color) {
        return new LightSequence("steady", List.of(new Step(color, Duration.ofDays(1))), false);
    }

    /** The colour on and off, 250 ms each, repeated. */
    public static LightSequence blink(LightColor color) {
        return alternating("blink", color, Duration.ofMillis(250));
    }

    /** The colour on and off, 100 ms each, repeated. */
    public static LightSequence flash(LightColor color) {
        return alternating("flash", color, Duration.ofMillis(100));
    }

    private static LightSequence alternating(String name, LightColor color, Duration half) {
        return new LightSequence(name, List.of(new Step(color, half), new Step(LightColor.OFF, half)), true);
    }

    /** The colour of the first step. */
    public LightColor first() {
        return steps.get(0).color();
    }
}
