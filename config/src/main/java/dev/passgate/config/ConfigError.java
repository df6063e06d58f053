package dev.passgate.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a configuration file, printed as {@code FILE:LINE: key: found X, expected Y}.
 *
 * <p>{@code line} is 1-based; {@link #NO_LINE} means the error concerns the file as a whole. {@code key} is
 * the full dotted key, {@link #SYNTAX_KEY} for a TOML syntax error or {@link #FILE_KEY} when the file could
 * not be read. {@code found} is the value as the parser read it (strings quoted, numbers in decimal), prefixed
 * by its type when the type is wrong; {@code expected} says what would have been accepted.
 */
public record ConfigError(Path file, int line, String key, String found, String expected) {

    /** The line of an error that is not about one line of the file. */
    public static final int NO_LINE = 0;
    /** The key of an error in the TOML syntax itself. */
    public static final String SYNTAX_KEY = "(syntax)";
    /** The key of an error in opening or reading the file. */
    public static final String FILE_KEY = "(file)";

    /** Rejects a missing part or a negative line. */
    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(expected, "expected");
        if (line < NO_LINE) {
            throw new IllegalArgumentException("line: found " + line + ", expected 0 or more");
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + key + ": found " + found + ", expected " + expected;
    }
}
