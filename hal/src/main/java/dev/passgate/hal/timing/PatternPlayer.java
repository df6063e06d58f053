package dev.passgate.hal.timing;

import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Plays a {@link BuzzerPattern} onto an on/off output, timing each step through {@link Delays}. Every buzzer
 * implementation (Pi4J, console, fake) uses it, so they all keep the same time.
 *
 * <p>Contract: {@link #play} switches the output on at once for the first step and returns; each following step
 * is scheduled when the previous one ends, and the output is off after the last step. A new pattern replaces the
 * one still playing: its pending steps are cancelled and the new pattern starts from its first step (an output
 * that is already on stays on). An empty pattern switches the output off. The output is told only about changes,
 * never twice the same value in a row. After {@link #close} the output is off and further calls are ignored.
 *
 * <p>Thread-safe. The output is called while this player's lock is held, so it must be quick and must not call
 * back into the player. Not guaranteed: that a step lasts exactly its duration; that is up to the {@code Delays}.
 */
public final class PatternPlayer {
    /** The thing being switched: a GPIO pin, a fake's timeline, ... */
    @FunctionalInterface
    public interface Output {
        void set(boolean on);
    }

    private final Delays delays;
    private final Output output;
    private boolean on;
    private boolean closed;
    private long generation;
    private Cancellable pending = () -> { };

    public PatternPlayer(Delays delays, Output output) {
        this.delays = Objects.requireNonNull(delays, "delays");
        this.output = Objects.requireNonNull(output, "output");
    }

    public synchronized void play(BuzzerPattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (closed) {
            return;
        }
        pending.cancel();
        generation++;
        runStep(generation, pattern.steps(), 0);
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.cancel();
        generation++;
        switchTo(false);
    }

    private synchronized void stepDue(long stepGeneration, List<Duration> steps, int index) {
        // A cancelled step can still run if the Delays had already started it; the generation tells.
        if (closed || stepGeneration != generation) {
            return;
        }
        runStep(stepGeneration, steps, index);
    }

    private void runStep(long stepGeneration, List<Duration> steps, int index) {
        if (index >= steps.size()) {
            switchTo(false);
            pending = () -> { };
            return;
        }
        switchTo(index % 2 == 0);
        pending = delays.schedule(steps.get(index), () -> stepDue(stepGeneration, steps, index + 1));
    }

    private void switchTo(boolean wanted) {
        if (on != wanted) {
            on = wanted;
            output.set(wanted);
        }
    }
}
