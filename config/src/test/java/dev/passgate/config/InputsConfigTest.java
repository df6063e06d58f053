package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [inputs]}: the switches on GPIO inputs, their defaults, and every error a user can make with them. */
class InputsConfigTest {
    private static final String GPIO_ON = "[feedback.gpio]\nenabled = true\n";

    @TempDir
    Path dir;

    private Path file;

    @Test
    void noInputTableMeansNoInput() throws IOException {
        assertThat(loaded(GPIO_ON).inputs()).isEqualTo(InputsConfig.NONE);
        assertThat(ConfigLoader.defaults(Path.of("x.toml")).inputs().any()).isFalse();
    }

    @Test
    void readsEachInputWithItsDefaults() throws IOException {
        PassgateConfig config = loaded(GPIO_ON + """
                [inputs.staff_button]
                pin = 5
                [inputs.exit_button]
                pin = 6
                pull = "down"
                active = "high"
                debounce_ms = 50
                [inputs.door_contact]
                pin = 16
                pull = "off"
                debounce_ms = 0
                """);

        assertThat(config.inputs()).isEqualTo(new InputsConfig(
                Optional.of(new InputPin(5, InputPin.Pull.UP, true, Duration.ofMillis(20))),
                Optional.of(new InputPin(6, InputPin.Pull.DOWN, false, Duration.ofMillis(50))),
                Optional.of(new InputPin(16, InputPin.Pull.OFF, true, Duration.ZERO))));
        assertThat(config.inputs().byName()).containsOnlyKeys("staff_button", "exit_button", "door_contact");
    }

    @Test
    void anInputOnAnOutputPinNamesBothKeys() throws IOException {
        List<String> errors = errorsOf(GPIO_ON + "[inputs.door_contact]\npin = 23\n");

        assertThat(errors).containsExactly(file + ":4: inputs.door_contact.pin: found 23, expected a pin not also"
                + " used by feedback.gpio.relay.pin (the output on BCM 23)");
    }

    @Test
    void anInputOnAWrittenLightPinNamesTheLightKey() throws IOException {
        List<String> errors = errorsOf(GPIO_ON + "[feedback.gpio.light]\ngreen_pin = 5\n"
                + "[inputs.staff_button]\npin = 5\n");

        assertThat(errors).containsExactly(file + ":6: inputs.staff_button.pin: found 5, expected a pin not also"
                + " used by feedback.gpio.light.green_pin (the output on BCM 5)");
    }

    @Test
    void twoInputsOnOnePinNameBothKeys() throws IOException {
        List<String> errors = errorsOf(GPIO_ON + "[inputs.staff_button]\npin = 5\n[inputs.exit_button]\npin = 5\n");

        assertThat(errors).containsExactly(file + ":6: inputs.exit_button.pin: found 5, expected a pin not also"
                + " used by inputs.staff_button.pin (the input on BCM 5)");
    }

    @Test
    void reportsEveryBadValueAtOnceWithItsLine() throws IOException {
        List<String> errors = errorsOf(GPIO_ON + """
                [inputs.staff_button]
                pin = 40
                pull = "sideways"
                active = "ground"
                debounce_ms = 5000
                colour = "red"
                [inputs.door_contact]
                pull = "up"
                [inputs.doorbell]
                pin = 7
                """);

        assertThat(errors).containsExactly(
                file + ":4: inputs.staff_button.pin: found 40, expected 0..27",
                file + ":5: inputs.staff_button.pull: found \"sideways\", expected one of up, down, off",
                file + ":6: inputs.staff_button.active: found \"ground\", expected one of low, high",
                file + ":7: inputs.staff_button.debounce_ms: found 5000, expected 0..1000",
                file + ":8: inputs.staff_button.colour: found unknown key, expected one of pin, pull, active,"
                        + " debounce_ms",
                file + ":9: inputs.door_contact: found no pin, expected pin = a BCM GPIO number 0..27",
                file + ":11: inputs.doorbell: found unknown key, expected one of staff_button, exit_button,"
                        + " door_contact");
    }

    @Test
    void inputsNeedGpioEnabled() throws IOException {
        List<String> errors = errorsOf("[inputs.exit_button]\npin = 6\n");

        assertThat(errors).containsExactly(file + ":2: inputs.exit_button.pin: found 6, expected an input only"
                + " with feedback.gpio.enabled = true, which reads it through the same GPIO");
    }

    @Test
    void changingAnInputNeedsARestart() throws IOException {
        PassgateConfig before = loaded(GPIO_ON + "[inputs.staff_button]\npin = 5\n");
        PassgateConfig after = loaded(GPIO_ON + "[inputs.staff_button]\npin = 6\n");

        assertThat(ConfigChanges.needingRestart(before, after)).containsExactly("inputs");
    }

    private PassgateConfig loaded(String toml) throws IOException {
        file = Files.writeString(dir.resolve("passgate.toml"), toml);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }

    private List<String> errorsOf(String toml) throws IOException {
        file = Files.writeString(dir.resolve("passgate.toml"), toml);
        ConfigResult result = ConfigLoader.load(file);
        if (result instanceof ConfigResult.Invalid invalid) {
            return invalid.errors().stream().map(ConfigError::toString).toList();
        }
        return List.of();
    }
}
