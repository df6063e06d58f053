package dev.passgate.hal.console;

import dev.passgate.hal.Buzzer;
import dev.passgate.hal.BuzzerPattern;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A buzzer for the demo: prints one line per pattern, e.g. {@code [buzzer] short (beep)} or
 * {@code [buzzer] double (beep beep)}; an on-step of {@value #LONG_BEEP_MILLIS} ms or more prints as
 * {@code beeeep}. The silent pattern prints {@code [buzzer] none (silent)}. It does not time the steps: a line is the
 * whole sound.
 * Calls after {@link #close} are ignored. Thread-safe.
 */
public final class ConsoleBuzzer implements Buzzer {
    static final long LONG_BEEP_MILLIS = 400;

    private final PrintStream out;
    private volatile boolean closed;

    public ConsoleBuzzer(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void play(BuzzerPattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (closed) {
            return;
        }
        if (pattern.steps().isEmpty()) {
            out.println("[buzzer] none (silent)");
            return;
        }
        out.println("[buzzer] " + pattern.name() + " (" + String.join(" ", beeps(pattern)) + ")");
    }

    @Override
    public void close() {
        closed = true;
    }

    private static List<String> beeps(BuzzerPattern pattern) {
        List<String> beeps = new ArrayList<>();
        List<Duration> steps = pattern.steps();
        for (int i = 0; i < steps.size(); i += 2) {
            beeps.add(steps.get(i).toMillis() >= LONG_BEEP_MILLIS ? "beeeep" : "beep");
        }
        return beeps;
    }
}
