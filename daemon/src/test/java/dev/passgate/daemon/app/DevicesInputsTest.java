package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.ExecutorDelays;
import dev.passgate.hal.InputEdge;
import dev.passgate.hal.pi4j.MockInputs;
import dev.passgate.hal.pi4j.Pi4jContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Devices} builds the switches of {@code [inputs]} on the kiosk's GPIO context, here Pi4J's mock plugin. */
class DevicesInputsTest {
    private static final String GPIO_ON = "[feedback]\nconsole = false\n[feedback.gpio]\nenabled = true\n";

    @TempDir
    Path dir;

    private final ExecutorDelays delays = new ExecutorDelays("devices-inputs-test");
    private final List<AutoCloseable> contexts = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable context : contexts) {
            context.close();
        }
        delays.close();
    }

    @Test
    void buildsEachConfiguredInputDebouncedWithItsPolarity() throws Exception {
        // given a staff button on BCM 5 (active low, pull-up) and a door contact on BCM 16 wired active high
        PassgateConfig config = config(GPIO_ON + "[inputs.staff_button]\npin = 5\ndebounce_ms = 5\n"
                + "[inputs.door_contact]\npin = 16\nactive = \"high\"\npull = \"down\"\n");
        Context pi4j = MockInputs.context();

        // when
        Devices devices = Devices.open(config, Environment.system(), delays, contexts, () -> pi4j);
        BlockingQueue<InputEdge> edges = new LinkedBlockingQueue<>();
        DigitalInput staff = devices.inputs().staffButton().orElseThrow();
        DigitalInput door = devices.inputs().doorContact().orElseThrow();
        staff.listen(edges::add);
        door.listen(edges::add);
        MockInputs.line(pi4j, 5).mockState(DigitalState.HIGH);
        assertThat(edges.poll(5, TimeUnit.SECONDS)).extracting(InputEdge::active).isEqualTo(false);
        MockInputs.line(pi4j, 5).mockState(DigitalState.LOW);
        MockInputs.line(pi4j, 16).mockState(DigitalState.HIGH);

        // then the press and the door opening arrive, as logical states, on the feedback timer thread
        List<InputEdge> seen = new ArrayList<>();
        seen.add(edges.poll(5, TimeUnit.SECONDS));
        seen.add(edges.poll(5, TimeUnit.SECONDS));
        assertThat(seen).extracting(InputEdge::input, InputEdge::active).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("staff_button", true),
                org.assertj.core.groups.Tuple.tuple("door_contact", true));
        assertThat(devices.inputs().exitButton()).isEmpty();
        assertThat(Health.inputs(devices.inputs())).isEmpty();

        // and closing what the kiosk closes after the feedback closes the inputs before the GPIO context
        devices.feedback().close();
        for (AutoCloseable context : contexts) {
            context.close();
        }
        contexts.clear();
        assertThat(staff.health()).isEqualTo("CLOSED");
        assertThat(pi4j.isShutdown()).isTrue();
    }

    @Test
    void withoutInputsThereAreNoneAndWithoutGpioNoContextIsMade() throws Exception {
        Devices withGpio = Devices.open(config(GPIO_ON), Environment.system(), delays, contexts,
                MockInputs::context);
        Devices withoutGpio = Devices.open(config("[feedback]\nconsole = false\n"), Environment.system(), delays,
                contexts, () -> {
                    throw new AssertionError("no GPIO context without feedback.gpio.enabled");
                });

        assertThat(withGpio.inputs().staffButton()).isEmpty();
        assertThat(withGpio.inputs().exitButton()).isEmpty();
        assertThat(withGpio.inputs().doorContact()).isEmpty();
        assertThat(withoutGpio.inputs()).isEqualTo(dev.passgate.hal.DoorInputs.none());
        withGpio.feedback().close();
        withoutGpio.feedback().close();
    }

    @Test
    void anInputThatCannotBeOpenedIsAStatusProblemWithItsFix() throws Exception {
        // given a GPIO that can drive outputs but has no input driver (as a line held by another program would)
        PassgateConfig config = config(GPIO_ON + "[inputs.exit_button]\npin = 6\n");

        Devices devices = Devices.open(config, Environment.system(), delays, contexts,
                () -> Pi4jContexts.withOutputProvider(MockDigitalOutputProvider.newInstance()));

        assertThat(devices.inputs().exitButton().orElseThrow().health()).startsWith("UNAVAILABLE (");
        assertThat(Health.inputs(devices.inputs())).singleElement().asString()
                .startsWith("input exit_button UNAVAILABLE (")
                .contains("check inputs.exit_button.pin and the wiring", "gpio group", "'passgate test-io'");
        devices.feedback().close();
    }

    private PassgateConfig config(String toml) throws Exception {
        Path file = Files.writeString(dir.resolve("passgate.toml"), toml);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
