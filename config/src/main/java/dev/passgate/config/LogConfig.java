package dev.passgate.config;

import java.util.List;
import java.util.Objects;

/**
 * How much the daemon logs: {@code [log]} in the file. {@code level} is one of {@link #LEVELS}, in lower
 * case; the loader accepts any case and stores the lower-case name. Where the log goes is not configured here.
 */
public record LogConfig(String level) {

    /** The accepted levels, from most to least verbose. */
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");
    /** The level used when the file names none. */
    public static final String DEFAULT_LEVEL = "info";
    /** The log section with every value at its default. */
    public static final LogConfig DEFAULTS = new LogConfig(DEFAULT_LEVEL);

    /** Rejects a level that is not one of {@link #LEVELS}. */
    public LogConfig {
        Objects.requireNonNull(level, "level");
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("level: found \"" + level + "\", expected one of " + LEVELS);
        }
    }
}
