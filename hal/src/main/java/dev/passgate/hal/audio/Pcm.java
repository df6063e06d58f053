package dev.passgate.hal.audio;

import java.util.Objects;
import javax.sound.sampled.AudioFormat;

/** One clip held in memory: its PCM format and its frames. */
public record Pcm(AudioFormat format, byte[] frames) {
    public Pcm {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(frames, "frames");
    }

    /** Playing time in seconds. */
    public double seconds() {
        return frames.length / (double) format.getFrameSize() / format.getFrameRate();
    }
}
