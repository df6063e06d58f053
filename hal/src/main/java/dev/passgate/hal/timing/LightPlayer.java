package dev.passgate.hal.timing;

import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.LightSequence;
import dev.passgate.hal.StatusLight;
import java.util.Objects;

/**
 * Plays {@link LightSequence}s on a {@link StatusLight}, timing each step through {@link Delays}, so that blink
 * and flash patterns look the same on GPIO, the console and a fake. {@link #play} shows the first step at once;
 * a new sequence or {@link #show} replaces the one playing. A sequence played once leaves its last colour on.
 * {@link #close} stops the sequence and closes the light (which leaves it off). Thread-safe; the light is called
 * under this player's lock and must not call back.
 */
public final class LightPlayer implements AutoCloseable {
    private final Delays delays;
    private final StatusLight light;
    private long generation;
    private boolean closed;
    private Cancellable pending = () -> { };

    public LightPlayer(Delays delays, StatusLight light) {
        this.delays = Objects.requireNonNull(delays, "delays");
        this.light = Objects.requireNonNull(light, "light");
    }

    public synchronized void play(LightSequence sequence) {
        Objects.requireNonNull(sequence, "sequence");
        if (closed) {
            return;
        }
        pending.cancel();
        generation++;
        step(generation, sequence, 0);
    }

    /** A steady colour, with no timer. */
    public synchronized void show(LightColor color) {
        if (closed) {
            return;
        }
        pending.cancel();
        generation++;
        light.show(color);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.cancel();
        generation++;
        light.close();
    }

    private void step(long stepGeneration, LightSequence sequence, int index) {
        LightSequence.Step step = sequence.steps().get(index);
        light.show(step.color());
        int next = index + 1;
        if (next == sequence.steps().size()) {
            if (!sequence.repeat()) {
                pending = () -> { };
                return;
            }
            next = 0;
        }
        int due = next;
        pending = delays.schedule(step.duration(), () -> stepDue(stepGeneration, sequence, due));
    }

    private synchronized void stepDue(long stepGeneration, LightSequence sequence, int index) {
        if (closed || stepGeneration != generation) {
            return;
        }
        step(stepGeneration, sequence, index);
    }
}
