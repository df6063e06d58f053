package dev.passgate.hal.console;

import dev.passgate.hal.SoundClip;
import dev.passgate.hal.Speaker;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * A speaker for the demo and {@code passgate test-io --fake}: prints one line per clip, {@code [speaker] valid},
 * or with a caption function {@code [speaker] ko/valid.wav "접종완료자입니다"}; {@link SoundClip#NONE} prints
 * {@code [speaker] none}, so that every outcome shows every output. Calls after {@link #close} are ignored.
 * Thread-safe.
 */
public final class ConsoleSpeaker implements Speaker {
    private final PrintStream out;
    private final Function<SoundClip, String> caption;
    private volatile boolean closed;

    public ConsoleSpeaker(PrintStream out) {
        this(out, clip -> clip == SoundClip.NONE ? "none" : clip.key());
    }

    /** A speaker that shows each clip as {@code caption} describes it (see {@code ClipCaptions}). */
    public ConsoleSpeaker(PrintStream out, Function<SoundClip, String> caption) {
        this.out = Objects.requireNonNull(out, "out");
        this.caption = Objects.requireNonNull(caption, "caption");
    }

    @Override
    public void play(SoundClip clip) {
        Objects.requireNonNull(clip, "clip");
        if (!closed) {
            out.println("[speaker] " + caption.apply(clip));
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
