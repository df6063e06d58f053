package dev.passgate.hal.console;

import dev.passgate.hal.SoundClip;
import dev.passgate.hal.Speaker;
import java.io.PrintStream;
import java.util.Objects;

/**
 * A speaker for the demo and {@code passgate test-io --fake}: prints {@code [speaker] valid} for each clip
 * started; {@link SoundClip#NONE} prints nothing. Calls after {@link #close} are ignored. Thread-safe.
 */
public final class ConsoleSpeaker implements Speaker {
    private final PrintStream out;
    private volatile boolean closed;

    public ConsoleSpeaker(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void play(SoundClip clip) {
        Objects.requireNonNull(clip, "clip");
        if (!closed && clip != SoundClip.NONE) {
            out.println("[speaker] " + clip.key());
        }
    }

    @Override
    public String health() {
        return closed ? "CLOSED" : "OK";
    }

    @Override
    public void close() {
        closed = true;
    }
}
