package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of the keyboard wedge, reader commands, passive buzzer, light patterns, clips and reason rules. */
class DevicesConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsAWedgeSectionWithEveryKeyWritten() throws IOException {
        PassgateConfig config = loaded("""
                [scan.wedge]
                enabled = true
                device = "/dev/input/by-id/usb-Gym_Reader-event-kbd"
                event_layout = "32"
                terminator = "tab"
                idle_timeout_ms = 150
                grab = false
                reopen_interval_ms = 250
                """);

        assertThat(config.scan().wedge()).isEqualTo(new WedgeConfig(true, "/dev/input/by-id/usb-Gym_Reader-event-kbd",
                EventLayout.BITS_32, WedgeTerminator.TAB, Duration.ofMillis(150), false, Duration.ofMillis(250)));
    }

    @Test
    void reportsEveryBadWedgeValueAtOnce() throws IOException {
        List<String> errors = errors("""
                [scan.wedge]
                device = ""
                event_layout = "16"
                terminator = "SPACE"
                idle_timeout_ms = 1
                """);

        assertThat(errors).containsExactly(
                "scan.wedge.device: found \"\", expected a non-empty device path",
                "scan.wedge.event_layout: found \"16\", expected one of auto, 64, 32",
                "scan.wedge.terminator: found \"SPACE\", expected one of ENTER, TAB, IDLE",
                "scan.wedge.idle_timeout_ms: found 1, expected 10..5000");
    }

    @Test
    void readsReaderCommandsAsHexAndRefusesOtherText() throws IOException {
        PassgateConfig config = loaded("""
                [scan.serial]
                profile = "custom"
                accept_command = "16 54 0d"
                refuse_command = "07"
                """);
        assertThat(config.scan().serial().profile()).isEqualTo(ReaderProfile.CUSTOM);
        assertThat(config.scan().serial().acceptCommand()).isEqualTo("16 54 0d");

        assertThat(errors("[scan.serial]\naccept_command = \"beep\"\nrefuse_command = \"123\"\n")).containsExactly(
                "scan.serial.accept_command: found \"beep\", expected up to 64 bytes as hex digit pairs, e.g. "
                        + "\"16 54 0D\"",
                "scan.serial.refuse_command: found \"123\", expected up to 64 bytes as hex digit pairs, e.g. "
                        + "\"16 54 0D\"");
    }

    @Test
    void refusesAPassiveBuzzerOnAPinWithoutHardwarePwm() throws IOException {
        List<String> errors = errors("""
                [feedback.gpio]
                enabled = true
                [feedback.gpio.buzzer]
                kind = "passive"
                """);

        assertThat(errors).containsExactly("feedback.gpio.buzzer.kind: found \"passive\", expected \"active\" "
                + "while feedback.gpio.buzzer.pin = 22 is not a PWM pin");
        assertThat(loaded("[feedback.gpio]\nenabled = true\n[feedback.gpio.buzzer]\nkind = \"passive\"\npin = 18\n"
                + "frequency_hz = 4000\n").feedback().gpio().buzzerDrive())
                .isEqualTo(new BuzzerDrive(BuzzerKind.PASSIVE, 4000));
    }

    @Test
    void readsLightPatternAndClipOfAVerdictAndKeepsItsOtherDefaults() throws IOException {
        PassgateConfig config = loaded("""
                [feedback.verdicts.EXPIRED]
                light_pattern = "flash"
                clip = "none"
                buzzer = "chime"
                """);

        assertThat(config.feedback().verdicts().get("EXPIRED")).isEqualTo(new FeedbackRule(Light.RED, Tone.CHIME,
                Duration.ZERO, LightPattern.FLASH, Clip.NONE));
    }

    @Test
    void addsReasonRulesToTheBuiltInOneAndChecksTheirNamesAndRelayTimes() throws IOException {
        PassgateConfig config = loaded("""
                [feedback.reasons.STAFF_OVERRIDE]
                light = "green"
                relay_ms = 2000
                """);

        assertThat(config.feedback().reasons()).containsOnlyKeys("EXEMPT_CHECK_ID", "STAFF_OVERRIDE");
        assertThat(config.feedback().reasons().get("STAFF_OVERRIDE")).isEqualTo(new FeedbackRule(Light.GREEN,
                Tone.DOUBLE, Duration.ofMillis(2000), LightPattern.BLINK, Clip.CHECK_ID));
        assertThat(errors("[feedback.reasons.lower]\nlight = \"red\"\n[feedback.reasons.OPEN]\nrelay_ms = 9000\n"))
                .containsExactly("feedback.reasons.lower: found a table named \"lower\", expected a reason prefix of"
                                + " 1..64 characters A-Z 0-9 _ starting with a letter",
                        "feedback.reasons.OPEN.relay_ms: found 9000, expected at most feedback.gpio.relay.max_on_ms"
                                + " = 5000");
    }

    @Test
    void resolvesClipFilesAgainstTheFolderOfTheFileAndKeepsBuiltInsForEmptyNames() throws IOException {
        PassgateConfig config = loaded("""
                [feedback.audio]
                enabled = true
                language = "en"
                mixer = "USB"
                [feedback.audio.files]
                valid = "clips/welcome.wav"
                expired = ""
                """);

        AudioConfig audio = config.feedback().audio();
        assertThat(audio.enabled()).isTrue();
        assertThat(audio.language()).isEqualTo("en");
        assertThat(audio.mixer()).isEqualTo("USB");
        assertThat(audio.files()).containsOnlyKeys(Clip.VALID)
                .containsEntry(Clip.VALID, dir.resolve("clips/welcome.wav"));
        assertThat(errors("[feedback.audio.files]\nnone = \"x.wav\"\n")).hasSize(1);
    }

    private PassgateConfig loaded(String toml) throws IOException {
        ConfigResult result = ConfigLoader.load(Files.writeString(dir.resolve("passgate.toml"), toml));
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }

    private List<String> errors(String toml) throws IOException {
        ConfigResult result = ConfigLoader.load(Files.writeString(dir.resolve("passgate.toml"), toml));
        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        return ((ConfigResult.Invalid) result).errors().stream()
                .map(error -> error.key() + ": found " + error.found() + ", expected " + error.expected()).toList();
    }
}
