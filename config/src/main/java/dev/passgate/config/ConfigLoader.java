package dev.passgate.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Turns a TOML file into a {@link PassgateConfig}, or into the complete list of what is wrong with it.
 *
 * <p>The file is UTF-8 TOML of at most {@link #MAX_FILE_BYTES} bytes; a leading byte-order mark is ignored.
 * Every key is optional and takes its default when absent; the keys, types, ranges and defaults are listed
 * in {@code config/CONFIG.md} and shown in {@code config/passgate.toml}. The schema is strict: a key or table
 * it does not know is an error. Relative paths resolve against the folder of the file.
 *
 * <p>Nothing here throws for a bad or missing file: the outcome is {@link ConfigResult.Invalid} with one
 * {@link ConfigError} per problem, all found in one pass and ordered by line. A file with TOML syntax errors
 * reports only those, because the document the parser recovers around them is not what the author wrote and
 * would produce misleading errors. The loader reads the file and nothing else: it does not check that the
 * paths it names exist, that the serial port opens or that the named policy is known.
 */
public final class ConfigLoader {

    /** The largest configuration file read; anything longer is surely not a kiosk configuration. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private static final String EXPECTED_FILE = "a readable TOML file";
    private static final Pattern TOMLJ_MESSAGE = Pattern.compile("(?s)Unexpected (.+?), expected (.+)");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private ConfigLoader() {
    }

    /** Reads and checks the file. Never throws for a missing, unreadable or invalid file. */
    public static ConfigResult load(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = read(file);
        } catch (UnreadableFile e) {
            return invalid(file, e.getMessage());
        } catch (NoSuchFileException e) {
            return invalid(file, "no such file");
        } catch (AccessDeniedException e) {
            return invalid(file, "a file without read permission");
        } catch (CharacterCodingException e) {
            return invalid(file, "bytes that are not UTF-8");
        } catch (FileSystemException e) {
            String reason = Objects.requireNonNullElse(e.getReason(), e.toString());
            return invalid(file, "an unreadable file (" + reason + ")");
        } catch (IOException e) {
            return invalid(file, "an unreadable file (" + e + ")");
        }
        return parse(text, file);
    }

    /** Checks TOML text read from {@code source}, which names the file in errors and anchors relative paths. */
    public static ConfigResult parse(String toml, Path source) {
        Objects.requireNonNull(toml, "toml");
        Objects.requireNonNull(source, "source");
        TomlParseResult document = Toml.parse(toml);
        if (document.hasErrors()) {
            return new ConfigResult.Invalid(syntaxErrors(document.errors(), source));
        }
        TomlFields fields = new TomlFields(document, source);
        PassgateConfig config = ConfigReader.read(fields, source);
        List<ConfigError> errors = fields.errors();
        return errors.isEmpty() ? new ConfigResult.Loaded(config) : new ConfigResult.Invalid(errors);
    }

    /** Returns the configuration an empty file at {@code source} would give. */
    public static PassgateConfig defaults(Path source) {
        return new PassgateConfig(source, DeviceConfig.DEFAULTS, LogConfig.DEFAULTS, ScanConfig.DEFAULTS,
                VerifyConfig.DEFAULTS, FeedbackConfig.DEFAULTS, TrustConfig.DEFAULTS, EntryLogConfig.DEFAULTS,
                GateConfig.DEFAULTS, MetricsConfig.DEFAULTS, UploadConfig.DEFAULTS);
    }

    private static String read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UnreadableFile("a directory");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new UnreadableFile("a file larger than " + MAX_FILE_BYTES + " bytes");
        }
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        return text.isEmpty() || text.charAt(0) != BYTE_ORDER_MARK ? text : text.substring(1);
    }

    private static ConfigResult invalid(Path file, String found) {
        return new ConfigResult.Invalid(
                List.of(new ConfigError(file, ConfigError.NO_LINE, ConfigError.FILE_KEY, found, EXPECTED_FILE)));
    }

    private static List<ConfigError> syntaxErrors(List<TomlParseError> parseErrors, Path source) {
        List<ConfigError> errors = new ArrayList<>();
        for (TomlParseError error : parseErrors) {
            int line = error.position() == null ? ConfigError.NO_LINE : error.position().line();
            String message = Objects.requireNonNullElse(error.getMessage(), "a syntax error");
            Matcher parts = TOMLJ_MESSAGE.matcher(message);
            String found = parts.matches() ? parts.group(1) : startLowerCase(message);
            String expected = parts.matches() ? parts.group(2) : "valid TOML";
            errors.add(new ConfigError(source, line, ConfigError.SYNTAX_KEY, found, expected));
        }
        errors.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return errors;
    }

    private static String startLowerCase(String message) {
        boolean acronym = message.length() > 1 && Character.isUpperCase(message.charAt(1));
        return message.isEmpty() || acronym ? message
                : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }

    /** A file that opened, or exists, but cannot be a configuration; the message says what was found. */
    private static final class UnreadableFile extends IOException {
        UnreadableFile(String found) {
            super(found);
        }
    }
}
