package dev.passgate.daemon.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.passgate.config.DoorConfig;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.DoorEvent;
import dev.passgate.daemon.audit.DoorRecord;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.pi4j.Pi4jBuzzer;
import dev.passgate.hal.pi4j.Pi4jContexts;
import dev.passgate.hal.pi4j.Pi4jDoorRelay;
import dev.passgate.hal.pi4j.Pi4jStatusLight;
import dev.passgate.hal.pi4j.PinSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door monitor on Pi4J's mock plugin: the door contact (GPIO 24, HIGH when open) and the exit button (GPIO 25,
 * LOW when pressed) are mock inputs driven by level, the light, buzzer and active-low relay are the real Pi4J
 * outputs on mock pins (defaults 17, 27, 22, 23), the gate and the signed SQLite entry log are real.
 */
class DoorOnPi4jMockTest {
    private static final int GREEN = 17;
    private static final int RED = 27;
    private static final int BUZZER = 22;
    private static final int RELAY = 23;

    @TempDir
    Path dir;

    private final ManualDelays delays = new ManualDelays();
    private final Map<Integer, DigitalOutput> outputs = new HashMap<>();
    private Context pi4j;
    private MockPinSwitch contact;
    private MockPinSwitch exit;
    private DoorRig rig;

    @BeforeEach
    void assemble() throws Exception {
        pi4j = Pi4jContexts.withProviders(MockDigitalInputProvider.newInstance(),
                MockDigitalOutputProvider.newInstance());
        contact = new MockPinSwitch(pi4j, "door_contact", 24, true, delays::nanoTime);
        exit = new MockPinSwitch(pi4j, "exit_button", 25, false, delays::nanoTime);
        rig = new DoorRig(dir, delays, DoorConfig.DEFAULTS,
                new DoorInputs(Optional.empty(), Optional.of(exit), Optional.of(contact)),
                new Pi4jStatusLight(pi4j, new PinSpec(GREEN, false), new PinSpec(RED, false)),
                new Pi4jBuzzer(pi4j, new PinSpec(BUZZER, false), delays),
                new Pi4jDoorRelay(pi4j, new PinSpec(RELAY, true), Duration.ofSeconds(5), delays));
        pi4j.registry().all().values().stream().filter(io -> io instanceof DigitalOutput)
                .map(io -> (DigitalOutput) io).forEach(out -> outputs.put(out.address().intValue(), out));
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
        pi4j.shutdown();
    }

    @Test
    void exitButtonOnGpioEnergisesTheRelayForFiveSecondsAndTheContactRecordsThePassage() throws Exception {
        assertThat(state(RELAY)).as("relay released (active-low: HIGH)").isEqualTo(DigitalState.HIGH);

        exit.drive(true);
        exit.drive(false);
        assertThat(state(RELAY)).as("relay energised by the exit button").isEqualTo(DigitalState.LOW);
        long exitSequence = rig.log.lastSequence();
        rig.advance(800);
        contact.drive(true);
        rig.advance(1500);
        contact.drive(false);
        rig.advance(2700);

        assertThat(state(RELAY)).as("released after door.exit_open_ms").isEqualTo(DigitalState.HIGH);
        assertThat(rig.doorRecords()).extracting(DoorRecord::event, DoorRecord::grantSequence)
                .containsExactly(tuple(DoorEvent.EXIT, 0L), tuple(DoorEvent.PASSED, exitSequence));
        assertThat(rig.verify()).isInstanceOf(ChainReport.Intact.class);
    }

    @Test
    void doorForcedOnGpioFlashesRedAndSoundsTheBuzzerThenHeldOpenUntilClosed() throws Exception {
        contact.drive(true);

        assertThat(state(RED)).as("forced alarm: red").isEqualTo(DigitalState.HIGH);
        assertThat(state(GREEN)).isEqualTo(DigitalState.LOW);
        assertThat(state(BUZZER)).as("forced alarm: long tone").isEqualTo(DigitalState.HIGH);
        assertThat(state(RELAY)).as("an alarm never opens the door").isEqualTo(DigitalState.HIGH);
        rig.advance(30_000);
        assertThat(rig.monitor.state().alarm()).isEqualTo("held_open");
        contact.drive(false);
        rig.advance(1000);

        assertThat(rig.monitor.state().alarm()).isEqualTo("none");
        assertThat(state(RED)).isEqualTo(DigitalState.LOW);
        assertThat(state(BUZZER)).isEqualTo(DigitalState.LOW);
        assertThat(rig.doorRecords()).extracting(DoorRecord::event, DoorRecord::openMillis).containsExactly(
                tuple(DoorEvent.FORCED, 0L), tuple(DoorEvent.HELD_OPEN, 30_000L), tuple(DoorEvent.CLOSED, 30_000L));
        assertThat(rig.verify()).isInstanceOf(ChainReport.Intact.class);
    }

    @Test
    void admittedScanWithTheDoorLeftShutIsNotPassedAndTheNextOpeningIsForced() throws Exception {
        long entry = rig.admit();
        assertThat(state(RELAY)).isEqualTo(DigitalState.LOW);
        rig.advance(3000);
        contact.drive(true);
        contact.drive(false);

        assertThat(rig.doorRecords()).extracting(DoorRecord::event, DoorRecord::grantSequence, DoorRecord::openMillis)
                .containsExactly(tuple(DoorEvent.NOT_PASSED, entry, 0L), tuple(DoorEvent.FORCED, 0L, 0L),
                        tuple(DoorEvent.CLOSED, 0L, 1L));
        assertThat(rig.verify()).isInstanceOf(ChainReport.Intact.class);
    }

    private DigitalState state(int bcm) {
        assertThat(outputs).as("outputs provisioned").containsKey(bcm);
        return outputs.get(bcm).state();
    }
}
