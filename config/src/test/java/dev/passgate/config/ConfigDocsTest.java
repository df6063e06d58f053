package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlTable;

/** The example file and the reference table describe the same keys and the same default verdict rules. */
class ConfigDocsTest {

    private static final Path EXAMPLE = Path.of("passgate.toml");
    private static final Path REFERENCE = Path.of("CONFIG.md");
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z_.<>A-Z]+\\.[a-z_<>A-Z.]+)` \\|");
    private static final Pattern VERDICT_ROW =
            Pattern.compile("^\\| `([A-Z_]+)` \\| `([a-z]+)` \\| `([a-z]+)` \\| `([0-9]+)` \\| `([a-z]+)` "
                    + "\\| `([a-z_]+)` \\|$");

    @Test
    void referenceListsExactlyTheKeysTheExampleWrites() throws IOException {
        // given the leaf keys of the example, with verdict codes written as <CODE>
        Set<String> exampleKeys = new LinkedHashSet<>();
        TomlTable example = Toml.parse(Files.readString(EXAMPLE));
        for (String key : example.dottedKeySet(true)) {
            if (!(example.get(key) instanceof TomlTable)) {
                exampleKeys.add(key.replaceAll("^feedback\\.verdicts\\.[A-Z_]+\\.", "feedback.verdicts.<CODE>.")
                        .replaceAll("^feedback\\.reasons\\.[A-Z0-9_]+\\.", "feedback.reasons.<PREFIX>."));
            }
        }

        // when the key column of the reference is read
        Set<String> referenceKeys = new LinkedHashSet<>();
        for (String line : Files.readAllLines(REFERENCE)) {
            Matcher row = KEY_ROW.matcher(line);
            if (row.find()) {
                referenceKeys.add(row.group(1));
            }
        }

        // then both name the same keys in the same order
        assertThat(referenceKeys).containsExactlyElementsOf(exampleKeys);
    }

    @Test
    void referenceShowsTheDefaultVerdictRules() throws IOException {
        Map<String, FeedbackRule> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REFERENCE)) {
            Matcher row = VERDICT_ROW.matcher(line);
            if (row.matches()) {
                documented.put(row.group(1), new FeedbackRule(Light.valueOf(row.group(2).toUpperCase(Locale.ROOT)),
                        Tone.valueOf(row.group(3).toUpperCase(Locale.ROOT)),
                        Duration.ofMillis(Long.parseLong(row.group(4))),
                        LightPattern.valueOf(row.group(5).toUpperCase(Locale.ROOT)),
                        Clip.valueOf(row.group(6).toUpperCase(Locale.ROOT))));
            }
        }

        assertThat(documented).containsExactlyEntriesOf(FeedbackConfig.DEFAULT_VERDICTS);
        assertThat(List.copyOf(documented.keySet())).isEqualTo(Verdicts.CODES);
    }
}
