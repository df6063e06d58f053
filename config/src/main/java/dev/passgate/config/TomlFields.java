package dev.passgate.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads typed values out of one parsed TOML document by dotted key, and records a {@link ConfigError} for
 * every value that is present but unacceptable.
 *
 * <p>Every read returns a usable value: the one written in the document when it is acceptable, otherwise the
 * caller's fallback, so that reading goes on and finds the next error. An absent key is not an error. A key
 * below a value that is not a table reads as absent, so a wrong table reports one error, not one per key.
 * Keys passed in are the schema's own, bare words joined by dots; keys found in the document are printed
 * with TOML quoting where they need it. Not thread-safe; one instance reads one document once.
 */
final class TomlFields {

    /** A pattern for {@link #text} that accepts any non-empty string. */
    static final Pattern NON_EMPTY = Pattern.compile("(?s).+");

    private final TomlTable root;
    private final Path file;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Set<String> failed = new HashSet<>();

    TomlFields(TomlTable root, Path file) {
        this.root = root;
        this.file = file;
    }

    /** Returns the errors recorded so far, ordered by line and, on one line, by the order they were found. */
    List<ConfigError> errors() {
        return errors.stream().sorted(Comparator.comparingInt(ConfigError::line)).toList();
    }

    /** Tells whether the document holds a value at the key. */
    boolean written(String key) {
        return lookup(key) != null;
    }

    /** Tells whether an error was recorded for the key, so that checks across keys can leave it out. */
    boolean failed(String key) {
        return failed.contains(key);
    }

    /** Records an error at the line of the key, or at line 0 when the document does not hold the key. */
    void fail(String key, String found, String expected) {
        failAt(path(key), found, expected);
    }

    /** Checks that the value at the key, if any, is a table holding only the allowed keys; "" is the root. */
    void table(String key, List<String> allowed) {
        Object value = key.isEmpty() ? root : lookup(key);
        if (value == null) {
            return;
        }
        if (!(value instanceof TomlTable table)) {
            wrongType(key, value, "table");
            return;
        }
        List<String> parent = key.isEmpty() ? List.of() : path(key);
        for (String name : table.keySet()) {
            if (!allowed.contains(name)) {
                List<String> path = new ArrayList<>(parent);
                path.add(name);
                failAt(path, "unknown key", "one of " + String.join(", ", allowed));
            }
        }
    }

    /** The names directly under the table at the key, in document order; none when it is absent or no table. */
    List<String> keys(String key) {
        Object value = lookup(key);
        return value instanceof TomlTable table ? List.copyOf(table.keySet()) : List.of();
    }

    /** Reads a boolean. */
    boolean bool(String key, boolean fallback) {
        Object value = lookup(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            wrongType(key, value, "boolean");
            return fallback;
        }
        return flag;
    }

    /** Reads an integer that must lie in the range. */
    int integer(String key, IntRange range, int fallback) {
        Long number = number(key, range);
        return number == null ? fallback : number.intValue();
    }

    /** Reads a whole number of milliseconds that must lie in the range. */
    Duration millis(String key, IntRange range, Duration fallback) {
        Long number = number(key, range);
        return number == null ? fallback : Duration.ofMillis(number);
    }

    /** Reads an integer that must be one of the allowed values. */
    int integerOf(String key, List<Integer> allowed, int fallback) {
        Object value = lookup(key);
        String expected = "one of " + allowed.stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Long number)) {
            wrongType(key, value, "integer, " + expected);
            return fallback;
        }
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE || !allowed.contains(number.intValue())) {
            fail(key, number.toString(), expected);
            return fallback;
        }
        return number.intValue();
    }

    /** Reads a string that must match the pattern as a whole; {@code expected} describes the pattern. */
    String text(String key, Pattern pattern, String expected, String fallback) {
        Object value = lookup(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            wrongType(key, value, expected);
            return fallback;
        }
        if (!pattern.matcher(text).matches()) {
            fail(key, quoted(text), expected);
            return fallback;
        }
        return text;
    }

    /** Reads a string naming one of the choices, in any case; the choices are listed as the map spells them. */
    <T> T choice(String key, Map<String, T> choices, T fallback) {
        Object value = lookup(key);
        String expected = "one of " + String.join(", ", choices.keySet());
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            wrongType(key, value, expected);
            return fallback;
        }
        for (Map.Entry<String, T> choice : choices.entrySet()) {
            if (choice.getKey().toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return choice.getValue();
            }
        }
        fail(key, quoted(text), expected);
        return fallback;
    }

    /** Reads a non-empty path string and resolves it against the base folder when it is relative. */
    Path path(String key, Path base, Path fallback) {
        Object value = lookup(key);
        if (value == null) {
            return fallback;
        }
        Path path = toPath(key, line(path(key)), value, base);
        return path == null ? fallback : path;
    }

    /** Reads an array of non-empty path strings, each resolved like {@link #path}; a bad element is left out. */
    List<Path> paths(String key, Path base, List<Path> fallback) {
        Object value = lookup(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof TomlArray array)) {
            wrongType(key, value, "an array of path strings");
            return fallback;
        }
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Path path = toPath(key + "[" + i + "]", line(array.inputPositionOf(i)), array.get(i), base);
            if (path != null) {
                paths.add(path);
            }
        }
        return paths;
    }

    /**
     * Reads an array of strings, each turned into its accepted form by {@code accept}, which returns null for a
     * string it refuses. A refused element, or one whose accepted form repeats an earlier one, is an error and is
     * left out; {@code expected} describes an acceptable element.
     */
    List<String> strings(String key, UnaryOperator<String> accept, String expected, List<String> fallback) {
        Object value = lookup(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof TomlArray array)) {
            wrongType(key, value, "an array of strings, each " + expected);
            return fallback;
        }
        Map<String, Integer> accepted = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String element = key + "[" + i + "]";
            int line = line(array.inputPositionOf(i));
            Object item = array.get(i);
            String form = item instanceof String text ? accept.apply(text) : null;
            if (form == null) {
                add(element, line, typed(item), expected);
            } else if (accepted.containsKey(form)) {
                add(element, line, typed(item), "a value not already listed at " + key + "[" + accepted.get(form)
                        + "]");
            } else {
                accepted.put(form, i);
            }
        }
        return List.copyOf(accepted.keySet());
    }

    private Path toPath(String key, int line, Object value, Path base) {
        String expected = "a non-empty path string";
        if (!(value instanceof String text)) {
            add(key, line, typed(value), expected);
            return null;
        }
        if (text.isEmpty()) {
            add(key, line, quoted(text), expected);
            return null;
        }
        try {
            return base.resolve(Path.of(text));
        } catch (InvalidPathException e) {
            add(key, line, quoted(text), "a valid path (" + e.getReason() + ")");
            return null;
        }
    }

    private Long number(String key, IntRange range) {
        Object value = lookup(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Long number)) {
            wrongType(key, value, "integer " + range);
            return null;
        }
        if (!range.contains(number)) {
            fail(key, number.toString(), range.toString());
            return null;
        }
        return number;
    }

    private void wrongType(String key, Object value, String expected) {
        fail(key, typed(value), expected);
    }

    private void failAt(List<String> keyPath, String found, String expected) {
        add(Toml.joinKeyPath(keyPath), line(keyPath), found, expected);
    }

    private void add(String key, int line, String found, String expected) {
        failed.add(key);
        errors.add(new ConfigError(file, line, key, found, expected));
    }

    private int line(List<String> keyPath) {
        return lookup(keyPath) == null ? ConfigError.NO_LINE : line(root.inputPositionOf(keyPath));
    }

    private static int line(TomlPosition position) {
        return position == null ? ConfigError.NO_LINE : position.line();
    }

    private Object lookup(String key) {
        return lookup(path(key));
    }

    private Object lookup(List<String> keyPath) {
        Object current = root;
        for (String name : keyPath) {
            if (!(current instanceof TomlTable table)) {
                return null;
            }
            current = table.get(List.of(name));
        }
        return current;
    }

    private static List<String> path(String key) {
        return List.of(key.split("\\."));
    }

    /** Describes a value of the wrong type: its TOML type and, for a scalar, the value itself. */
    static String typed(Object value) {
        if (value instanceof String text) {
            return "string " + quoted(text);
        } else if (value instanceof Long) {
            return "integer " + value;
        } else if (value instanceof Double) {
            return "float " + value;
        } else if (value instanceof Boolean) {
            return "boolean " + value;
        } else if (value instanceof TomlArray) {
            return "array";
        } else if (value instanceof TomlTable) {
            return "table";
        } else if (value instanceof OffsetDateTime) {
            return "offset date-time " + value;
        } else if (value instanceof LocalDateTime) {
            return "local date-time " + value;
        } else if (value instanceof LocalDate) {
            return "local date " + value;
        } else if (value instanceof LocalTime) {
            return "local time " + value;
        }
        return value.getClass().getSimpleName() + " " + value;
    }

    /** Quotes a string the way TOML writes a basic string. */
    static String quoted(String text) {
        return "\"" + Toml.tomlEscape(text) + "\"";
    }
}
