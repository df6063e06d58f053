package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of configuration error, checked by the exact line a user would read. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    private Path file;

    @Test
    void reportsSyntaxErrorWithItsLineAndNothingElse() throws IOException {
        // given a file with a broken value and, further down, a schema error
        List<String> errors = errorsOf("[scan]\nmax_length = \n[bogus]\n");

        // then only the syntax error is reported, since the recovered document is not what was written
        assertThat(errors).containsExactly(file + ":2: (syntax): found end of line, expected a value");
    }

    @Test
    void reportsEverySyntaxErrorInOrder() throws IOException {
        List<String> errors = errorsOf("a = tru\nb = 1\nb = 2\n");

        assertThat(errors).containsExactly(
                file + ":1: (syntax): found 't', expected a value",
                file + ":3: (syntax): found b previously defined at line 2, column 1, expected valid TOML");
    }

    @Test
    void reportsUnknownTopLevelKey() throws IOException {
        List<String> errors = errorsOf("[device]\nid = \"k\"\n\n[logging]\nlevel = \"info\"\n");

        assertThat(errors).containsExactly(
                file + ":4: logging: found unknown key, expected one of device, log, scan, verify, trust, feedback,"
                + " entry_log, gate, upload, metrics, inputs, venue, staff, door, site");
    }

    @Test
    void reportsUnknownNestedKeyWithItsFullDottedName() throws IOException {
        List<String> errors = errorsOf("[scan.serial]\nenabled = true\nbaudrate = 9600\n");

        assertThat(errors).containsExactly(file + ":3: scan.serial.baudrate: found unknown key, expected one of "
                + "enabled, port, baud, framing, idle_timeout_ms, reopen_interval_ms, profile, accept_command, "
                + "refuse_command");
    }

    @Test
    void reportsUnknownKeyWithTomlQuotingWhenItNeedsIt() throws IOException {
        List<String> errors = errorsOf("[log]\n\"log level\" = \"info\"\n");

        assertThat(errors).containsExactly(
                file + ":2: log.\"log level\": found unknown key, expected one of level");
    }

    @Test
    void reportsUnknownVerdictTable() throws IOException {
        List<String> errors = errorsOf("[feedback.verdicts.valid]\nlight = \"green\"\n");

        assertThat(errors).containsExactly(file + ":1: feedback.verdicts.valid: found unknown key, expected one of "
                + String.join(", ", Verdicts.CODES));
    }

    @Test
    void reportsUnknownKeyInsideVerdictTable() throws IOException {
        List<String> errors = errorsOf("[feedback.verdicts.VALID]\ncolour = \"green\"\n");

        assertThat(errors).containsExactly(file + ":2: feedback.verdicts.VALID.colour: found unknown key, "
                + "expected one of light, buzzer, relay_ms, light_pattern, clip");
    }

    @Test
    void reportsWrongTypeWithTheTypeAndValueFound() throws IOException {
        List<String> errors = errorsOf("[scan]\nmax_length = \"abc\"\n");

        assertThat(errors).containsExactly(
                file + ":2: scan.max_length: found string \"abc\", expected integer 64..16384");
    }

    @Test
    void reportsWrongTypesOfEveryKind() throws IOException {
        List<String> errors = errorsOf("""
                device = 5
                [scan.stdin]
                enabled = "yes"
                [scan.serial]
                baud = 9600.0
                framing = 13
                [verify]
                trust = "keys.pem"
                [feedback]
                hold_ms = 1979-05-27
                """);

        assertThat(errors).containsExactly(
                file + ":1: device: found integer 5, expected table",
                file + ":3: scan.stdin.enabled: found string \"yes\", expected boolean",
                file + ":5: scan.serial.baud: found float 9600.0, expected integer, one of 1200, 2400, 4800, 9600, "
                        + "19200, 38400, 57600, 115200, 230400, 460800, 921600",
                file + ":6: scan.serial.framing: found integer 13, expected one of CR, LF, CRLF, IDLE",
                file + ":8: verify.trust: found string \"keys.pem\", expected an array of path strings",
                file + ":10: feedback.hold_ms: found local date 1979-05-27, expected integer 100..60000");
    }

    @Test
    void reportsValueOutOfRange() throws IOException {
        List<String> errors = errorsOf("[scan]\nmax_length = 10\n");

        assertThat(errors).containsExactly(file + ":2: scan.max_length: found 10, expected 64..16384");
    }

    @Test
    void reportsValuesOutsideTheirPatternOrSet() throws IOException {
        List<String> errors = errorsOf("""
                [device]
                id = "kiosk 01"
                data_dir = ""
                [scan.serial]
                port = ""
                baud = 9601
                [verify]
                policy = "Strict"
                trust = ["a.pem", 3]
                """);

        assertThat(errors).containsExactly(
                file + ":2: device.id: found \"kiosk 01\", expected a string of 1..64 characters from "
                        + "A-Z a-z 0-9 . _ -",
                file + ":3: device.data_dir: found \"\", expected a non-empty path string",
                file + ":5: scan.serial.port: found \"\", expected a non-empty string",
                file + ":6: scan.serial.baud: found 9601, expected one of 1200, 2400, 4800, 9600, 19200, 38400, "
                        + "57600, 115200, 230400, 460800, 921600",
                file + ":8: verify.policy: found \"Strict\", expected a non-empty string of a-z 0-9 -",
                file + ":9: verify.trust[1]: found integer 3, expected a non-empty path string");
    }

    @Test
    void reportsBadEnumStrings() throws IOException {
        List<String> errors = errorsOf("""
                [log]
                level = "verbose"
                [scan.serial]
                framing = "NUL"
                [feedback.verdicts.EXPIRED]
                light = "purple"
                buzzer = "beep"
                """);

        assertThat(errors).containsExactly(
                file + ":2: log.level: found \"verbose\", expected one of trace, debug, info, warn, error",
                file + ":4: scan.serial.framing: found \"NUL\", expected one of CR, LF, CRLF, IDLE",
                file + ":6: feedback.verdicts.EXPIRED.light: found \"purple\", expected one of off, green, amber, red",
                file + ":7: feedback.verdicts.EXPIRED.buzzer: found \"beep\", "
                        + "expected one of none, short, double, long, chime");
    }

    @Test
    void reportsRelayTimeAboveTheRelayCapAtTheVerdict() throws IOException {
        List<String> errors = errorsOf("""
                [feedback.gpio.relay]
                max_on_ms = 4000
                [feedback.verdicts.VALID]
                relay_ms = 4500
                """);

        assertThat(errors).containsExactly(file + ":4: feedback.verdicts.VALID.relay_ms: found 4500, "
                + "expected at most feedback.gpio.relay.max_on_ms = 4000");
    }

    @Test
    void reportsRelayCapBelowADefaultRelayTimeAtTheCap() throws IOException {
        // given a cap below the default 3000 ms of VALID, which the file does not mention
        List<String> errors = errorsOf("[feedback.gpio.relay]\nmax_on_ms = 1000\n");

        // then the error names the key the author wrote
        assertThat(errors).containsExactly(file + ":2: feedback.gpio.relay.max_on_ms: found 1000, "
                + "expected at least feedback.verdicts.VALID.relay_ms = 3000");
    }

    @Test
    void doesNotCompareRelayTimeWithACapThatIsItselfWrong() throws IOException {
        List<String> errors = errorsOf("""
                [feedback.gpio.relay]
                max_on_ms = 50
                [feedback.verdicts.VALID]
                relay_ms = 4500
                """);

        assertThat(errors).containsExactly(file + ":2: feedback.gpio.relay.max_on_ms: found 50, expected 100..30000");
    }

    @Test
    void reportsDuplicatePinsWhenGpioIsEnabled() throws IOException {
        List<String> errors = errorsOf("""
                [feedback.gpio]
                enabled = true
                [feedback.gpio.light]
                red_pin = 17
                [feedback.gpio.relay]
                pin = 17
                """);

        assertThat(errors).containsExactly(
                file + ":4: feedback.gpio.light.red_pin: found 17, expected a pin not also used by "
                        + "feedback.gpio.light.green_pin",
                file + ":6: feedback.gpio.relay.pin: found 17, expected a pin not also used by "
                        + "feedback.gpio.light.green_pin");
    }

    @Test
    void blamesTheWrittenPinWhenItCollidesWithADefaultOneFurtherDown() throws IOException {
        // given a green pin written on the default buzzer pin 22
        List<String> errors = errorsOf("[feedback.gpio]\nenabled = true\n[feedback.gpio.light]\ngreen_pin = 22\n");

        assertThat(errors).containsExactly(file + ":4: feedback.gpio.light.green_pin: found 22, "
                + "expected a pin not also used by feedback.gpio.buzzer.pin");
    }

    @Test
    void acceptsDuplicatePinsWhenGpioIsDisabled() throws IOException {
        List<String> errors = errorsOf("[feedback.gpio.light]\nred_pin = 17\n");

        assertThat(errors).isEmpty();
    }

    @Test
    void reportsAllErrorsOfOneFileAtOnceOrderedByLine() throws IOException {
        List<String> errors = errorsOf("""
                [feedback.verdicts.VALID]
                relay_ms = 40000
                [scan]
                max_length = 10
                colour = "red"
                [log]
                level = 3
                """);

        assertThat(errors).containsExactly(
                file + ":2: feedback.verdicts.VALID.relay_ms: found 40000, expected 0..30000",
                file + ":4: scan.max_length: found 10, expected 64..16384",
                file + ":5: scan.colour: found unknown key, expected one of max_length, stdin, serial, wedge, camera",
                file + ":7: log.level: found integer 3, expected one of trace, debug, info, warn, error");
    }

    @Test
    void reportsMissingFileAsOneErrorAtLineZero() {
        Path missing = dir.resolve("nope/passgate.toml");

        ConfigResult result = ConfigLoader.load(missing);

        assertThat(messages(result))
                .containsExactly(missing + ":0: (file): found no such file, expected a readable TOML file");
    }

    @Test
    void reportsDirectoryAsOneErrorAtLineZero() {
        ConfigResult result = ConfigLoader.load(dir);

        assertThat(messages(result))
                .containsExactly(dir + ":0: (file): found a directory, expected a readable TOML file");
    }

    @Test
    void reportsFileWithoutReadPermission() throws IOException {
        Path locked = Files.writeString(dir.resolve("locked.toml"), "");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "the file stays readable, as it does for root");

        ConfigResult result = ConfigLoader.load(locked);

        assertThat(messages(result)).containsExactly(
                locked + ":0: (file): found a file without read permission, expected a readable TOML file");
    }

    @Test
    void reportsFileThatIsNotUtf8() throws IOException {
        byte[] latin1Bytes = "id = \"caf\u00e9\"".getBytes(StandardCharsets.ISO_8859_1);
        Path latin1 = Files.write(dir.resolve("latin1.toml"), latin1Bytes);

        ConfigResult result = ConfigLoader.load(latin1);

        assertThat(messages(result))
                .containsExactly(latin1 + ":0: (file): found bytes that are not UTF-8, expected a readable TOML file");
    }

    @Test
    void reportsFileLargerThanTheLimit() throws IOException {
        Path huge = Files.write(dir.resolve("huge.toml"), new byte[ConfigLoader.MAX_FILE_BYTES + 1]);

        ConfigResult result = ConfigLoader.load(huge);

        assertThat(messages(result)).containsExactly(huge + ":0: (file): found a file larger than "
                + ConfigLoader.MAX_FILE_BYTES + " bytes, expected a readable TOML file");
    }

    @Test
    void reportsEveryBadEntryLogValueAtOnce() throws IOException {
        List<String> errors = errorsOf("""
                [entry_log]
                retention_days = 0
                max_records = 10
                signing_key_file = ""
                [entry_log.fields]
                holder = "anonymous"
                issuer = "pseudonymous"
                certificate_type = "pseudonymous"
                """);

        assertThat(errors).containsExactly(
                file + ":2: entry_log.retention_days: found 0, expected 1..3650",
                file + ":3: entry_log.max_records: found 10, expected 100..100000000",
                file + ":4: entry_log.signing_key_file: found \"\", expected a non-empty path string",
                file + ":6: entry_log.fields.holder: found \"anonymous\", expected one of none, pseudonymous, full",
                file + ":7: entry_log.fields.issuer: found \"pseudonymous\", expected one of none, full",
                file + ":8: entry_log.fields.certificate_type: found \"pseudonymous\", expected one of none, full");
    }

    @Test
    void refusesSwitchingOffBothCheckpointTriggers() throws IOException {
        List<String> errors = errorsOf("[entry_log]\ncheckpoint_every_records = 0\ncheckpoint_every_minutes = 0\n");

        assertThat(errors).containsExactly(file + ":3: entry_log.checkpoint_every_minutes: found 0, expected at least 1"
                + " when entry_log.checkpoint_every_records is 0");
    }

    private List<String> errorsOf(String toml) throws IOException {
        file = Files.writeString(dir.resolve("passgate.toml"), toml);
        return messages(ConfigLoader.load(file));
    }

    private static List<String> messages(ConfigResult result) {
        if (result instanceof ConfigResult.Invalid invalid) {
            return invalid.errors().stream().map(ConfigError::toString).toList();
        }
        return List.of();
    }
}
