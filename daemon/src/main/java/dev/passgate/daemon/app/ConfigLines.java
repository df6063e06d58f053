package dev.passgate.daemon.app;

import dev.passgate.config.ConfigError;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the line of a key in a TOML configuration file, so that a check made after loading (a policy name, a trust
 * file, a pinned root) can be reported as {@code FILE:LINE: key: ...} like the loader's own errors. It reads table
 * headers and {@code key =} lines only, at most {@link #MAX_LINES} lines; a key it does not find (a default, or a
 * dotted or inline-table spelling) gets {@link ConfigError#NO_LINE}.
 */
final class ConfigLines {
    static final int MAX_LINES = 10_000;

    private ConfigLines() {
    }

    /** {@code FILE:LINE: key: detail} for the dotted {@code key} of {@code file}. */
    static String error(Path file, String key, String detail) {
        return file + ":" + lineOf(file, key) + ": " + key + ": " + detail;
    }

    /** The 1-based line of the dotted {@code key} (table path then name), or {@link ConfigError#NO_LINE}. */
    static int lineOf(Path file, String key) {
        int dot = key.lastIndexOf('.');
        String table = dot < 0 ? "" : key.substring(0, dot);
        String name = key.substring(dot + 1);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String current = "";
            String line;
            for (int number = 1; number <= MAX_LINES && (line = in.readLine()) != null; number++) {
                String text = line.strip();
                if (text.startsWith("[") && text.endsWith("]") && !text.startsWith("[[")) {
                    current = text.substring(1, text.length() - 1).strip();
                } else if (current.equals(table) && text.matches("\"?" + java.util.regex.Pattern.quote(name)
                        + "\"?\\s*=.*")) {
                    return number;
                }
            }
        } catch (IOException | RuntimeException e) {
            return ConfigError.NO_LINE;
        }
        return ConfigError.NO_LINE;
    }
}
