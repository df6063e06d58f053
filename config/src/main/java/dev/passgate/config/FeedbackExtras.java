package dev.passgate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The schema of {@code [feedback.audio]} (the speaker and its clip files) and {@code [feedback.reasons.PREFIX]}
 * (rules chosen by the prefix of a verdict's reason), beside {@link FeedbackReader}.
 */
final class FeedbackExtras {
    private static final String AUDIO = "feedback.audio";
    private static final String REASONS = "feedback.reasons";
    private static final Pattern ANY = Pattern.compile("(?s).*");

    private final TomlFields fields;
    private final Path base;

    FeedbackExtras(TomlFields fields, Path base) {
        this.fields = fields;
        this.base = base;
    }

    /** Reads the reason tables; a table the file does not write keeps its default rule. */
    Map<String, FeedbackRule> reasons(BiFunction<String, FeedbackRule, FeedbackRule> rule) {
        List<String> names = fields.keys(REASONS);
        fields.table(REASONS, names);
        Map<String, FeedbackRule> reasons = new LinkedHashMap<>(FeedbackConfig.DEFAULT_REASONS);
        FeedbackRule base = FeedbackConfig.DEFAULT_REASONS.get(FeedbackConfig.CHECK_ID_REASON);
        for (String name : names) {
            String key = REASONS + "." + name;
            if (!FeedbackConfig.REASON_PATTERN.matcher(name).matches()) {
                fields.fail(key, "a table named " + TomlFields.quoted(name),
                        "a reason prefix of 1..64 characters A-Z 0-9 _ starting with a letter");
                continue;
            }
            reasons.put(name, rule.apply(key, FeedbackConfig.DEFAULT_REASONS.getOrDefault(name, base)));
        }
        return reasons;
    }

    /** Reads the speaker section; an empty file name keeps the built-in clip. */
    AudioConfig audio() {
        fields.table(AUDIO, List.of("enabled", "mixer", "language", "files"));
        Map<String, String> languages = new LinkedHashMap<>();
        AudioConfig.LANGUAGES.forEach(language -> languages.put(language, language));
        boolean enabled = fields.bool(AUDIO + ".enabled", AudioConfig.DEFAULT_ENABLED);
        String mixer = fields.text(AUDIO + ".mixer", ANY, "a string", AudioConfig.DEFAULT_MIXER);
        String language = fields.choice(AUDIO + ".language", languages, AudioConfig.DEFAULT_LANGUAGE);
        List<String> clipKeys = new ArrayList<>();
        for (Clip clip : Clip.values()) {
            if (clip != Clip.NONE) {
                clipKeys.add(clip.key());
            }
        }
        fields.table(AUDIO + ".files", clipKeys);
        Map<Clip, Path> files = new EnumMap<>(Clip.class);
        for (Clip clip : Clip.values()) {
            String key = AUDIO + ".files." + clip.key();
            if (clip == Clip.NONE || fields.text(key, ANY, "a path string", "").isEmpty()) {
                continue;
            }
            Path file = fields.path(key, base, null);
            if (file != null) {
                files.put(clip, file);
            }
        }
        return new AudioConfig(enabled, mixer, language, files);
    }
}
