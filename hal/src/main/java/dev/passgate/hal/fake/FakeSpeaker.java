package dev.passgate.hal.fake;

import dev.passgate.hal.SoundClip;
import dev.passgate.hal.Speaker;
import java.util.Objects;

/**
 * A speaker that records, as device {@code "speaker"}, {@code "play valid"} and the like for each clip started
 * (nothing for {@link SoundClip#NONE}), and {@code "closed"}; later calls are ignored. {@link #unplug} makes it
 * behave like a speaker whose audio device is missing: clips are not recorded and health says so. Thread-safe.
 */
public final class FakeSpeaker implements Speaker {
    public static final String DEVICE = "speaker";

    private final Timeline timeline;
    private boolean closed;
    private boolean unplugged;

    public FakeSpeaker(Timeline timeline) {
        this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

    @Override
    public synchronized void play(SoundClip clip) {
        Objects.requireNonNull(clip, "clip");
        if (closed || unplugged || clip == SoundClip.NONE) {
            return;
        }
        timeline.record(DEVICE, "play " + clip.key());
    }

    /** Drives the fake into the missing-device state. */
    public synchronized void unplug() {
        unplugged = true;
    }

    @Override
    public synchronized String health() {
        return closed ? "CLOSED" : unplugged ? "NO_AUDIO_DEVICE: unplugged" : "OK";
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            timeline.record(DEVICE, "closed");
        }
    }
}
