package dev.passgate.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The speaker: {@code [feedback.audio]} in the file. {@code mixer} picks the audio device by a part of its name
 * ({@code ""}: the system default); {@code language} picks the built-in clip pack ({@code ko} or {@code en});
 * {@code files} replaces single clips by WAV files. A missing audio device is not a configuration error: the
 * speaker reports it and the kiosk runs without sound.
 */
public record AudioConfig(boolean enabled, String mixer, String language, Map<Clip, Path> files) {

    /** Whether the speaker is used when the file does not say. */
    public static final boolean DEFAULT_ENABLED = false;
    /** The mixer used when the file names none: the system default. */
    public static final String DEFAULT_MIXER = "";
    /** The clip-pack languages shipped. */
    public static final List<String> LANGUAGES = List.of("ko", "en");
    /** The language used when the file names none. */
    public static final String DEFAULT_LANGUAGE = "ko";
    /** The audio section with every value at its default. */
    public static final AudioConfig DEFAULTS = new AudioConfig(DEFAULT_ENABLED, DEFAULT_MIXER, DEFAULT_LANGUAGE,
            Map.of());

    /** Rejects a missing value, an unknown language or a replacement for {@link Clip#NONE}; copies the map. */
    public AudioConfig {
        Objects.requireNonNull(mixer, "mixer");
        Objects.requireNonNull(language, "language");
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language: found " + language + ", expected one of " + LANGUAGES);
        }
        if (files.containsKey(Clip.NONE)) {
            throw new IllegalArgumentException("files: found a file for none, expected files for sounding clips");
        }
        Map<Clip, Path> copy = new EnumMap<>(Clip.class);
        copy.putAll(files);
        files = Collections.unmodifiableMap(copy);
    }
}
