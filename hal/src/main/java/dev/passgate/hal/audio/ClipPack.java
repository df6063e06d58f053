package dev.passgate.hal.audio;

import dev.passgate.hal.SoundClip;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The clips a speaker plays, read into memory once. The built-in pack (resources under
 * {@code dev/passgate/hal/audio}, made by {@code hal/src/clips/make-clips.sh}; see the NOTICE there) has one voice
 * clip per {@link SoundClip} in each of {@link #LANGUAGES} and one chime shared by both for
 * {@link SoundClip#EXPIRED}. Any clip can be replaced by a WAV file. Every clip must be linear PCM (8 or 16 bit,
 * mono or stereo) of at most {@link #MAX_SECONDS} seconds; anything else is refused with an {@link IOException}
 * naming the file, what it is and what was expected.
 */
public final class ClipPack {
    /** The languages of the built-in voices. */
    public static final List<String> LANGUAGES = List.of("ko", "en");
    /** The longest clip accepted. */
    public static final double MAX_SECONDS = 10;
    private static final String RESOURCES = "/dev/passgate/hal/audio/";

    private final Map<SoundClip, Pcm> clips;

    private ClipPack(Map<SoundClip, Pcm> clips) {
        this.clips = Collections.unmodifiableMap(clips);
    }

    /** The built-in clips in the language, with the given clips replaced by files. */
    public static ClipPack load(String language, Map<SoundClip, Path> files) throws IOException {
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("clip language: found " + language + ", expected one of " + LANGUAGES);
        }
        Map<SoundClip, Pcm> clips = new EnumMap<>(SoundClip.class);
        for (SoundClip clip : SoundClip.values()) {
            if (clip == SoundClip.NONE) {
                continue;
            }
            Path file = files.get(clip);
            clips.put(clip, file != null ? read(file) : builtIn(language, clip));
        }
        return new ClipPack(clips);
    }

    /** The built-in clip, as the resource that holds it. */
    public static String resource(String language, SoundClip clip) {
        return RESOURCES + (clip == SoundClip.EXPIRED ? "chime" : language + "/" + clip.key()) + ".wav";
    }

    /** The clip's sound; never called with {@link SoundClip#NONE}. */
    public Pcm clip(SoundClip clip) {
        return Objects.requireNonNull(clips.get(clip), () -> "no sound for " + clip);
    }

    private static Pcm builtIn(String language, SoundClip clip) throws IOException {
        String resource = resource(language, clip);
        InputStream in = ClipPack.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("built-in clip " + resource + " is missing from the jar");
        }
        try (InputStream buffered = new BufferedInputStream(in)) {
            return decode(buffered, resource);
        }
    }

    /** Reads one WAV file, checking that it is PCM of a sane length. */
    public static Pcm read(Path file) throws IOException {
        long limit = (long) (MAX_SECONDS * 48_000 * 4) + 1024;
        if (Files.size(file) > limit) {
            throw new IOException("clip " + file + " is " + Files.size(file) + " bytes; expected at most " + limit);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return decode(in, file.toString());
        }
    }

    private static Pcm decode(InputStream in, String name) throws IOException {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(in)) {
            AudioFormat format = audio.getFormat();
            boolean pcm = format.getEncoding() == AudioFormat.Encoding.PCM_SIGNED
                    || format.getEncoding() == AudioFormat.Encoding.PCM_UNSIGNED;
            if (!pcm || format.getSampleSizeInBits() > 16 || format.getChannels() > 2) {
                throw new IOException("clip " + name + " is " + format + "; expected linear PCM, 8 or 16 bit, mono or"
                        + " stereo");
            }
            long maxBytes = (long) (MAX_SECONDS * format.getFrameRate()) * format.getFrameSize();
            byte[] frames = audio.readNBytes((int) Math.min(Integer.MAX_VALUE, maxBytes + 1));
            if (frames.length > maxBytes) {
                throw new IOException("clip " + name + " is longer than " + MAX_SECONDS + " s");
            }
            return new Pcm(format, frames);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("clip " + name + " is not a WAV file javax.sound can read", e);
        }
    }
}
