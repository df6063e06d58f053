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
