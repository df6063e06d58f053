package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code passgate test-io} against the fakes: what it reports about inputs and what it would drive. */
class TestIoCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportsInputsAndPrintsTheTimelineOfEveryOutputItWouldDrive() throws Exception {
        // given a serial reader that is not plugged in and a wedge device that is there
        Path wedge = Files.writeString(dir.resolve("usb-reader-event-kbd"), "");
        Path config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[scan.serial]", "enabled = true", "port = \"" + dir.resolve("ttyACM7") + "\"",
                "[scan.wedge]", "enabled = true", "device = \"" + wedge + "\"",
                "[feedback.audio]", "enabled = true", "language = \"en\"", ""));

        // when
        CliRun run = CliRun.main("test-io", "--config", config.toString(), "--fake");

        // then the missing reader fails the run, and every output was cycled to its safe state
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern("serial +\\S+ttyACM7 +MISSING \\(no such file\\)")
                .containsPattern("wedge +\\S+usb-reader-event-kbd +present \\(readable\\)")
                .contains("outputs are fakes")
                .contains("light GREEN", "light AMBER", "light RED", "buzzer on", "relay on", "relay off")
                .contains("speaker play valid", "speaker play expired", "speaker play check_id")
                .contains("relay closed", "light closed", "speaker health: OK");
    }

    @Test
    void withoutGpioOrInputsItStillRunsAndSucceeds() {
        CliRun run = CliRun.main("test-io");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("none configured besides standard input", "GPIO not enabled",
                "buzzer off");
    }
}
