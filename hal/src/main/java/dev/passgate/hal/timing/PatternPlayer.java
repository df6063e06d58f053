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

    /** A thing that sounds at a pitch relative to its base frequency: a PWM channel. 0 is silence. */
    @FunctionalInterface
    public interface Tones {
        void sound(double pitch);
    }

    private final Delays delays;
    private final Tones output;
    private double pitch;
    private boolean closed;
    private long generation;
    private Cancellable pending = () -> { };

    public PatternPlayer(Delays delays, Output output) {
        this(new OnOffTones(Objects.requireNonNull(output, "output")), delays);
    }

    private PatternPlayer(Tones output, Delays delays) {
        this.delays = Objects.requireNonNull(delays, "delays");
        this.output = Objects.requireNonNull(output, "output");
    }

    /** A player for an output with pitches: each on-step sounds at its {@link BuzzerPattern#pitchOf} pitch. */
    public static PatternPlayer withPitches(Delays delays, Tones output) {
        return new PatternPlayer(output, delays);
    }

    public synchronized void play(BuzzerPattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (closed) {
            return;
        }
        pending.cancel();
        generation++;
        runStep(generation, pattern, 0);
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.cancel();
        generation++;
        switchTo(0);
    }

    private synchronized void stepDue(long stepGeneration, BuzzerPattern pattern, int index) {
        // A cancelled step can still run if the Delays had already started it; the generation tells.
        if (closed || stepGeneration != generation) {
            return;
        }
        runStep(stepGeneration, pattern, index);
    }

    private void runStep(long stepGeneration, BuzzerPattern pattern, int index) {
        List<Duration> steps = pattern.steps();
        if (index >= steps.size()) {
            switchTo(0);
            pending = () -> { };
            return;
        }
        switchTo(index % 2 == 0 ? pattern.pitchOf(index) : 0);
        pending = delays.schedule(steps.get(index), () -> stepDue(stepGeneration, pattern, index + 1));
    }

    private void switchTo(double wanted) {
        if (Double.compare(pitch, wanted) != 0) {
            pitch = wanted;
            output.sound(wanted);
        }
    }

    /** An on/off output seen as tones: two pitches in a row are one "on", so it too hears only changes. */
    private static final class OnOffTones implements Tones {
        private final Output output;
        private boolean on;

        OnOffTones(Output output) {
            this.output = output;
        }

        @Override
        public void sound(double wanted) {
            if (on != wanted > 0) {
                on = wanted > 0;
                output.set(on);
            }
        }
    }
}
