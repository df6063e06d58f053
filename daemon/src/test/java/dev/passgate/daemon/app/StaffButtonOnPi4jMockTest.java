package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.ChainVerifier;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.StaffAction;
import dev.passgate.hal.pi4j.Pi4jContexts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staff button as a Pi4J digital input on Pi4J's mock plugin (pull-up, pressed is low), driven with
 * {@code mockState}: a press within the window confirms the entry waiting and opens the door; a press after the
 * window changes nothing.
 */
class StaffButtonOnPi4jMockTest {
    private static final int BUTTON_BCM = 5;

    @TempDir
    Path dir;

    private Context pi4j;
    private MockPi4jButton button;
    private StaffRig rig;

    @BeforeEach
    void assemble() throws Exception {
        pi4j = Pi4jContexts.withProviders(MockDigitalInputProvider.newInstance(),
                MockDigitalOutputProvider.newInstance());
        rig = new StaffRig(dir, timeline -> {
            button = new MockPi4jButton(pi4j, BUTTON_BCM, timeline::nanoTime);
            return Optional.of(button);
        });
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
        pi4j.shutdown();
    }

    @Test
    void aPressOnTheMockLineWithinTheWindowConfirmsAndOpensTheDoor() throws Exception {
        rig.scanExemption();
        rig.delays.advance(Duration.ofSeconds(29));
        assertThat(rig.events()).doesNotContain("relay on");

        button.press();

        assertThat(rig.events()).contains("relay on");
        List<EntryRecord> records = rig.records();
        assertThat(records).extracting(EntryRecord::verdict).containsExactly("POLICY_REJECTED", "STAFF_CONFIRMED");
        assertThat(records.get(1).staff()).isEqualTo(new StaffAction("BUTTON", null, 1, "POLICY_REJECTED"));
        rig.log.close();
        assertThat(ChainVerifier.verify(rig.logFile, "kiosk-staff", rig.key.publicKey()))
                .isInstanceOf(ChainReport.Intact.class);
    }

    @Test
    void aPressOnTheMockLineAfterTheWindowDoesNotOpenTheDoor() throws Exception {
        rig.scanExemption();
        rig.delays.advance(StaffRig.WINDOW.plusSeconds(1));

        button.press();

        assertThat(rig.events()).doesNotContain("relay on");
        assertThat(rig.records()).extracting(EntryRecord::verdict)
                .containsExactly("POLICY_REJECTED", "STAFF_TIMED_OUT");
    }
}
