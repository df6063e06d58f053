package dev.passgate.daemon.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.passgate.config.DoorConfig;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.DoorEvent;
import dev.passgate.daemon.audit.DoorRecord;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import dev.passgate.hal.pi4j.InputSpec;
import dev.passgate.hal.pi4j.MockInputs;
import dev.passgate.hal.pi4j.Pi4jDigitalInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door contact as the kiosk has it: passgate's {@link Pi4jDigitalInput} (20 ms debounce, pull down, HIGH when
 * open) on a line of Pi4J's mock plugin, the monitor started as the kiosk starts it (grace from the contact), a real
 * gate and signed SQLite entry log. A door opened 10 ms before the 3 s relay releases is reported 20 ms later, after
 * the relay time, and must be passed by the time it moved.
 */
class DoorContactEdgeTimeTest {
    private static final int BCM = 16;
    private static final Duration DEBOUNCE = Duration.ofMillis(20);

    @TempDir
    Path dir;

    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private Context pi4j;
    private Pi4jDigitalInput contact;
    private MockDigitalInput line;
    private DoorRig rig;

    @BeforeEach
    void assemble() throws Exception {
        pi4j = MockInputs.context();
        contact = Pi4jDigitalInput.open(pi4j, new InputSpec("door_contact", BCM, InputSpec.Pull.DOWN, false,
                DEBOUNCE), delays, delays::nanoTime);
        line = MockInputs.line(pi4j, BCM);
        line.mockState(DigitalState.LOW);
        delays.advance(DEBOUNCE);
        rig = new DoorRig(dir, delays, DoorConfig.DEFAULTS,
                new DoorInputs(Optional.empty(), Optional.empty(), Optional.of(contact)),
                new FakeStatusLight(timeline), new FakeBuzzer(timeline, delays),
                new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays));
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
        contact.close();
        pi4j.shutdown();
    }

    @Test
    void doorOpenedTenMillisecondsBeforeTheRelayReleasesIsPassedWithoutAlarm() throws Exception {
        long start = delays.nanoTime();
        long entry = rig.admit();
        rig.advance(2990);
        line.mockState(DigitalState.HIGH);
        rig.advance(3);
        line.mockState(DigitalState.LOW);
        rig.advance(1);
        line.mockState(DigitalState.HIGH);
        rig.advance(1000);
        line.mockState(DigitalState.LOW);
        rig.advance(1000);

        assertThat(rig.doorRecords()).extracting(DoorRecord::event, DoorRecord::grantSequence,
                DoorRecord::monotonicNanos).containsExactly(
                        tuple(DoorEvent.PASSED, entry, start + Duration.ofMillis(2990).toNanos()));
        assertThat(rig.monitor.state()).isEqualTo(new DoorState("closed", "none", "READY", 1, 0, 0, 0, 0, 0));
        assertThat(rig.verify()).isInstanceOf(ChainReport.Intact.class);
    }

    @Test
    void doorOpenedTenMillisecondsAfterTheRelayReleasedIsNotPassedThenForced() throws Exception {
        long start = delays.nanoTime();
        long entry = rig.admit();
        rig.advance(3010);
        line.mockState(DigitalState.HIGH);
        rig.advance(1000);

        assertThat(rig.doorRecords()).extracting(DoorRecord::event, DoorRecord::grantSequence,
                DoorRecord::monotonicNanos).containsExactly(
                        tuple(DoorEvent.NOT_PASSED, entry, start + Duration.ofMillis(3000).toNanos()),
                        tuple(DoorEvent.FORCED, 0L, start + Duration.ofMillis(3010).toNanos()));
        assertThat(rig.monitor.state().alarm()).isEqualTo("forced");
        assertThat(rig.verify()).isInstanceOf(ChainReport.Intact.class);
    }

    @Test
    void anUnusedGrantIsNotPassedOnceTheContactsGraceEnds() throws Exception {
        long entry = rig.admit();
        rig.advance(3000 + DEBOUNCE.toMillis() + Pi4jDigitalInput.DELIVERY.toMillis() - 1);
        assertThat(rig.doorRecords()).isEmpty();

        rig.advance(1);

        assertThat(rig.doorRecords()).extracting(DoorRecord::event, DoorRecord::grantSequence)
                .containsExactly(tuple(DoorEvent.NOT_PASSED, entry));
    }
}
