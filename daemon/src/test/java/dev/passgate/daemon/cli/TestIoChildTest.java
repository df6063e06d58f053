package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code passgate test-io} as a technician runs it, in a child JVM through the real Pi4J gpiod context, on a machine
 * without a GPIO chip (CI): every switch is shown as unavailable with the driver's reason, and the run fails.
 */
class TestIoChildTest {
    @TempDir
    Path dir;

    @Test
    void switchesThatCannotBeOpenedAreShownWithTheirReasonAndFailTheRun() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has a GPIO chip");
        Path config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[feedback.gpio]", "enabled = true",
                "[inputs.staff_button]", "pin = 5",
                "[inputs.door_contact]", "pin = 16", "active = \"high\"", ""));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());

        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "test-io", "--config",
                config.toString(), "--inputs-only", "--watch", "1")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = child.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }

        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as("test-io ended").isTrue();
        assertThat(child.exitValue()).as(Files.readString(err)).isEqualTo(1);
        assertThat(printed).contains("switches:", "staff_button  BCM 5 ", "door_contact  BCM 16 ",
                        "watching the switches for 1 s")
                .containsPattern("  staff_button UNAVAILABLE \\(.+\\)\n")
                .containsPattern("  door_contact UNAVAILABLE \\(.+\\)\n");
    }
}
