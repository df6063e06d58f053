package dev.passgate.hal;

import java.time.Duration;
import java.util.List;

/**
 * A buzzer pattern: durations that alternate on, off, on, ... starting with on. An empty list is silence.
 * The named constants are the patterns a feedback table can refer to.
 */
public record BuzzerPattern(String name, List<Duration> steps) {
    public static final BuzzerPattern NONE = new BuzzerPattern("none", List.of());
    public static final BuzzerPattern SHORT = new BuzzerPattern("short", List.of(Duration.ofMillis(120)));
    public static final BuzzerPattern DOUBLE = new BuzzerPattern("double",
            List.of(Duration.ofMillis(120), Duration.ofMillis(100), Duration.ofMillis(120)));
    public static final BuzzerPattern LONG = new BuzzerPattern("long", List.of(Duration.ofMillis(800)));

    public BuzzerPattern {
        steps = List.copyOf(steps);
        for (Duration step : steps) {
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("buzzer step must be positive, found " + step + " in " + name);
            }
        }
    }
}
