package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void theShippedExampleIsValid() {
        Path example = Paths.get("..", "config", "passgate.toml").toAbsolutePath().normalize();

        CliRun run = CliRun.main("config", "check", example.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ok");
    }

    @Test
    void reportsEveryErrorWithFileLineAndKey() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.toml"), String.join("\n",
                "[device]",
                "id = \"kiosk-01\"",
                "colour = \"blue\"",
                "[scan]",
                "max_length = \"long\"",
                "[scan.serial]",
                "baud = 12345",
                "[feedback]",
                "hold_ms = 5",
                ""));

        CliRun run = CliRun.main("config", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(file + ":3: device.colour: found unknown key")
                .contains(file + ":5: scan.max_length: found")
                .contains(file + ":7: scan.serial.baud: found 12345")
                .contains(file + ":9: feedback.hold_ms: found 5");
    }

    @Test
    void showsEachSwitchAsWiredAndNamesBothKeysOfAPinClash() throws Exception {
        Path good = Files.writeString(dir.resolve("inputs.toml"), String.join("\n",
                "[feedback.gpio]", "enabled = true",
                "[inputs.exit_button]", "pin = 6",
                "[inputs.door_contact]", "pin = 16", "pull = \"off\"", "debounce_ms = 100", ""));
        Path clash = Files.writeString(dir.resolve("clash.toml"), String.join("\n",
                "[feedback.gpio]", "enabled = true",
                "[inputs.staff_button]", "pin = 22", ""));

        CliRun ok = CliRun.main("config", "check", good.toString());
        CliRun bad = CliRun.main("config", "check", clash.toString());

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo(good + ": ok\n"
                + "input exit_button   BCM 6   pull up    active low   debounce 20 ms\n"
                + "input door_contact  BCM 16  pull off   active low   debounce 100 ms\n");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains(clash + ":4: inputs.staff_button.pin: found 22, expected a pin not also used"
                + " by feedback.gpio.buzzer.pin (the output on BCM 22)");
    }

    @Test
    void syntaxErrorNamesTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("syntax.toml"), "[device]\nid = \"unterminated\n");

        CliRun run = CliRun.main("config", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(file + ":2:");
    }

    @Test
    void missingFileIsExitOneWithAClearMessageAndNoStackTrace() {
        Path missing = dir.resolve("nowhere.toml");

        CliRun run = CliRun.main("config", "check", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(missing.toString()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingArgumentIsAUsageError() {
        assertThat(CliRun.main("config", "check").exitCode()).isEqualTo(2);
        assertThat(CliRun.main("no-such-command").exitCode()).isEqualTo(2);
    }
}
