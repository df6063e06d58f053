package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.pi4j.MockInputs;
import dev.passgate.hal.pi4j.Pi4jContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code passgate test-io} with switches in {@code [inputs]}, on Pi4J's mock plugin: the test moves the mock lines
 * while the command runs and reads the lines it prints. Debounce time passes on a manual clock.
 */
class TestIoInputsTest {
    private static final String CONFIG = String.join("\n",
            "[feedback]", "console = false",
            "[feedback.gpio]", "enabled = true",
            "[inputs.staff_button]", "pin = 5", "pull = \"down\"", "active = \"high\"",
            "[inputs.door_contact]", "pin = 16", "debounce_ms = 50", "");

    @TempDir
    Path dir;

    @Test
    void showsEachSwitchNowThenOneLinePerChangeUntilStopped() throws Exception {
        // given a staff button wired active high and a door contact active low (the mock line starts LOW: open)
        Path config = Files.writeString(dir.resolve("passgate.toml"), CONFIG);
        Context pi4j = MockInputs.context();
        ManualDelays delays = new ManualDelays();
        TestIoCommand command = new TestIoCommand();
        command.useGpio(() -> pi4j, delays, delays::nanoTime);

        // when the command runs and the door closes, the button is pressed with bounce, released, the door opens
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.command(command,
                "--config", config.toString(), "--inputs-only", "--watch", "0"));
        assertThat(command.awaitWatching(Duration.ofSeconds(20))).isTrue();
        MockInputs.line(pi4j, 16).mockState(DigitalState.HIGH);
        delays.advance(Duration.ofMillis(50));
        MockInputs.line(pi4j, 5).mockState(DigitalState.HIGH);
        delays.advance(Duration.ofMillis(3));
        MockInputs.line(pi4j, 5).mockState(DigitalState.LOW);
        delays.advance(Duration.ofMillis(3));
        MockInputs.line(pi4j, 5).mockState(DigitalState.HIGH);
        delays.advance(Duration.ofMillis(500));
        MockInputs.line(pi4j, 5).mockState(DigitalState.LOW);
        delays.advance(Duration.ofMillis(20));
        MockInputs.line(pi4j, 16).mockState(DigitalState.LOW);
        delays.advance(Duration.ofMillis(50));
        command.stop();
        CliRun result = run.get(20, TimeUnit.SECONDS);

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsSubsequence(
                "switches:",
                "staff_button  BCM 5   pull down  active high  debounce 20 ms",
                "door_contact  BCM 16  pull up    active low   debounce 50 ms",
                "switches live",
                "  staff_button RELEASED\n",
                "  door_contact OPEN\n",
                "watching the switches until Ctrl-C",
                "  door_contact CLOSED (+0.000 s)",
                "  staff_button PRESSED (+0.050 s)",
                "  staff_button RELEASED (+0.556 s)",
                "  door_contact OPEN (+0.576 s)");
        assertThat(result.out()).doesNotContain("- light", "outputs:");
        assertThat(result.out().split("PRESSED", -1)).as("one press for the bouncing button").hasSize(2);
        assertThat(pi4j.isShutdown()).isTrue();
    }

    @Test
    void aSwitchThatCannotBeReadIsShownAndFailsTheRun() {
        Path config;
        try {
            config = Files.writeString(dir.resolve("passgate.toml"), CONFIG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TestIoCommand command = new TestIoCommand();
        ManualDelays delays = new ManualDelays();
        command.useGpio(() -> Pi4jContexts.withOutputProvider(MockDigitalOutputProvider.newInstance()), delays,
                delays::nanoTime);
        command.stop();

        CliRun result = CliRun.command(command, "--config", config.toString(), "--inputs-only", "--watch", "5");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).containsPattern("  staff_button UNAVAILABLE \\(.+\\)\n")
                .containsPattern("  door_contact UNAVAILABLE \\(.+\\)\n");
    }

    @Test
    void withoutSwitchesInputsOnlySaysSoAndWithFakeTheyAreNotRead() throws Exception {
        CliRun none = CliRun.main("test-io", "--inputs-only");
        Path config = Files.writeString(dir.resolve("passgate.toml"), CONFIG);
        CliRun fake = CliRun.main("test-io", "--config", config.toString(), "--fake");

        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).contains("no switch is configured in [inputs]").doesNotContain("- light");
        assertThat(fake.exitCode()).as(fake.err()).isZero();
        assertThat(fake.out()).contains("switches:", "switches are not read with --fake", "relay on");
    }
}
