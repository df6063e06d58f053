package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.audit.DoorEvent;
import dev.passgate.daemon.audit.DoorRecord;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.LogRecord;
import dev.passgate.daemon.audit.StoredRecord;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.pi4j.MockInputs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kiosk ({@link Kiosk#assemble}) with its switches configured in {@code [inputs]} on Pi4J's mock plugin:
 * the staff button that {@code Devices} opens confirms an entry waiting for staff, the door contact tells the door
 * monitor the confirmed holder passed, the exit button opens the door, and a door opened with no grant is forced.
 * Each lands in the one signed entry log, which {@code passgate log verify} finds intact.
 */
class KioskSwitchesTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");
    private static final int STAFF_PIN = 5;
    private static final int EXIT_PIN = 6;
    private static final int DOOR_PIN = 16;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path dir;

    @Test
    void theSwitchesOfTheConfigurationDriveTheStaffDeskAndTheDoorMonitorOfTheRunningKiosk() throws Exception {
        // given a kiosk whose "check ID" answers wait for staff, with three switches wired active-high
        KeyPair issuer = Pg1Keys.generate(new SecureRandom());
        KeyPair holder = Pg1Keys.generate(new SecureRandom());
        byte[] exemption = Pg1Signer.credential(issuer, "KR-PG", holder.getPublic(), CBORObject.FromJSONString(
                "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\"CHOI\",\"gnt\":\"YUNA\"},\"dob\":\"2010-02-01\"}"),
                NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100)));
        TrustStore trust = TrustStore.builder().add(Pg1Keys.keyIdText(issuer.getPublic()), issuer.getPublic())
                .build();
        Path file = config();
        Context pi4j = MockInputs.context();

        try (Kiosk kiosk = Kiosk.assemble(load(file), environment(trust), Optional.empty(), () -> pi4j)) {
            // when the child's pass waits and staff press the button
            String child = Pg1Signer.present(exemption, holder.getPrivate(), NOW, new byte[16]);
            assertThat(kiosk.gate().handle(new ScannedCode("test", child, false, System.nanoTime())).outcome()
                    .verdict()).isEqualTo(Verdict.POLICY_REJECTED);
            MockInputs.line(pi4j, STAFF_PIN).mockState(DigitalState.HIGH);
            EntryRecord confirmed = (EntryRecord) await(kiosk, 2, r -> r instanceof EntryRecord).record();
            MockInputs.line(pi4j, STAFF_PIN).mockState(DigitalState.LOW);

            // then the wait ends confirmed by the button, and the holder walking through is recorded as passed
            assertThat(confirmed.verdict()).isEqualTo("STAFF_CONFIRMED");
            assertThat(confirmed.staff().by()).isEqualTo("BUTTON");
            MockInputs.line(pi4j, DOOR_PIN).mockState(DigitalState.HIGH);
            assertThat(door(await(kiosk, 3, r -> r instanceof DoorRecord))).extracting(DoorRecord::event,
                    DoorRecord::grantSequence).containsExactly(DoorEvent.PASSED, 2L);
            MockInputs.line(pi4j, DOOR_PIN).mockState(DigitalState.LOW);

            // when someone inside presses the exit button and nobody goes out
            MockInputs.line(pi4j, EXIT_PIN).mockState(DigitalState.HIGH);
            assertThat(door(await(kiosk, 4, r -> r instanceof DoorRecord)).event()).isEqualTo(DoorEvent.EXIT);
            MockInputs.line(pi4j, EXIT_PIN).mockState(DigitalState.LOW);
            assertThat(door(await(kiosk, 5, r -> r instanceof DoorRecord)).event())
                    .isEqualTo(DoorEvent.NOT_PASSED);

            // and the door is pushed open with no grant, then shut
            MockInputs.line(pi4j, DOOR_PIN).mockState(DigitalState.HIGH);
            assertThat(door(await(kiosk, 6, r -> r instanceof DoorRecord)).event()).isEqualTo(DoorEvent.FORCED);
            MockInputs.line(pi4j, DOOR_PIN).mockState(DigitalState.LOW);
            assertThat(door(await(kiosk, 7, r -> r instanceof DoorRecord)).event()).isEqualTo(DoorEvent.CLOSED);
        }

        // then the one log holds all seven records, signed and chained
        CliRun verify = CliRun.main("log", "verify", "--config", file.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("\"result\":\"INTACT\"").contains("\"records\":7");
    }

    private static DoorRecord door(StoredRecord stored) {
        return (DoorRecord) stored.record();
    }

    /** The record at {@code sequence}, once the kiosk's own threads have written it; fails after 10 s. */
    private static StoredRecord await(Kiosk kiosk, long sequence, Predicate<LogRecord> kind)
            throws EntryLogException, InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            List<StoredRecord> records = kiosk.entryLog().readAll(sequence - 1, 1);
            if (!records.isEmpty() && records.get(0).sequence() == sequence && kind.test(records.get(0).record())) {
                return records.get(0);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("no record " + sequence + " within 10 s: "
                + kiosk.entryLog().readAll(0, 20));
    }

    private Environment environment(TrustStore trust) {
        return new Environment(Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), trust, decision -> { });
    }

    private Path config() throws Exception {
        String switches = "pull = \"down\"\nactive = \"high\"\ndebounce_ms = 0\n";
        return Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"kiosk-switches\"\n"
                + "data_dir = \"data\"\n[gate]\nclock_sync_flag = \"no-sync-flag\"\n"
                + "[feedback]\nconsole = false\n[feedback.gpio]\nenabled = true\n"
                + "[inputs.staff_button]\npin = " + STAFF_PIN + "\n" + switches
                + "[inputs.exit_button]\npin = " + EXIT_PIN + "\n" + switches
                + "[inputs.door_contact]\npin = " + DOOR_PIN + "\n" + switches
                + "[staff]\nconfirm = [\"EXEMPT_CHECK_ID\"]\n[door]\nexit_open_ms = 300\n");
    }

    private static PassgateConfig load(Path file) {
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
