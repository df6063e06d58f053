package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.ChainVerifier;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.audit.StaffAction;
import dev.passgate.daemon.verify.Checks;
import dev.passgate.daemon.verify.Format;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.fake.FakeDigitalInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staff confirmation through the whole gate with the staff button as a {@link FakeDigitalInput}: a visitor answered
 * "check ID" waits for staff, and the button, a staff card, a non-staff card, another scan or the end of the window
 * decides what becomes of the entry. Every case ends with the entry log verified intact under the device key.
 */
class StaffConfirmationTest {
    @TempDir
    Path dir;

    private FakeDigitalInput button;
    private StaffRig rig;

    @BeforeEach
    void assemble() throws Exception {
        rig = new StaffRig(dir, timeline -> {
            button = new FakeDigitalInput("staff_button", timeline);
            return Optional.of(button);
        });
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void theStaffButtonPressedWithinTheWindowOpensTheDoorAndIsRecorded() throws Exception {
        Outcome waiting = rig.scanExemption();
        assertThat(rig.gate.busyNanos()).as("the scan path is free while the entry waits").isZero();
        rig.delays.advance(Duration.ofSeconds(12));
        assertThat(rig.events()).contains("light AMBER", "speaker play see_staff").doesNotContain("relay on");
        assertThat(rig.events().stream().filter("light AMBER"::equals).count())
                .as("the waiting pattern blinks (250 ms on, 250 off) for longer than the 3 s hold").isGreaterThan(20);
        assertThat(rig.desk.waiting()).isTrue();

        button.press();

        assertThat(waiting.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(waiting.reason()).startsWith("EXEMPT_CHECK_ID:");
        assertThat(rig.desk.waiting()).isFalse();
        assertThat(rig.events()).contains("relay on", "light GREEN", "speaker play valid");
        List<EntryRecord> records = rig.records();
        assertThat(records).extracting(EntryRecord::verdict).containsExactly("POLICY_REJECTED", "STAFF_CONFIRMED");
        assertThat(records.get(0).staff()).isNull();
        assertThat(records.get(1).staff()).isEqualTo(new StaffAction("BUTTON", null, 1, "POLICY_REJECTED"));
        assertThat(records.get(1).holderId()).as("the same holder as the entry that waited")
                .isEqualTo(records.get(0).holderId()).isNotNull();
        assertThat(records.get(1).format()).isEqualTo("PG1");
        assertIntact(2);
    }

    @Test
    void withoutStaffTheWaitTimesOutRefusedAndALatePressDoesNothing() throws Exception {
        rig.scanExemption();
        rig.delays.advance(StaffRig.WINDOW.minusMillis(1));
        assertThat(rig.desk.waiting()).isTrue();

        rig.delays.advance(Duration.ofMillis(1));
        button.press();

        assertThat(rig.desk.waiting()).isFalse();
        assertThat(rig.events()).contains("light RED", "speaker play invalid").doesNotContain("relay on");
        List<EntryRecord> records = rig.records();
        assertThat(records).extracting(EntryRecord::verdict).containsExactly("POLICY_REJECTED", "STAFF_TIMED_OUT");
        assertThat(records.get(1).staff()).isEqualTo(new StaffAction("NONE", null, 1, "POLICY_REJECTED"));
        assertIntact(2);
    }

    @Test
    void aStaffCardScannedWithinTheWindowConfirmsAndNamesTheCardByPseudonym() throws Exception {
        rig.scanExemption();
        rig.delays.advance(Duration.ofSeconds(20));

        Outcome card = rig.scan(rig.staffCard.present(StaffRig.NOW));

        assertThat(card.verdict()).isEqualTo(Verdict.STAFF_CONFIRMED);
        assertThat(rig.events()).contains("relay on");
        List<EntryRecord> records = rig.records();
        assertThat(records).extracting(EntryRecord::verdict).containsExactly("POLICY_REJECTED", "STAFF_CONFIRMED");
        StaffAction action = records.get(1).staff();
        assertThat(action.by()).isEqualTo("CARD");
        assertThat(action.card()).matches("[0-9a-f]{32}").isNotEqualTo(records.get(0).holderId());
        assertThat(action.forSequence()).isEqualTo(1);
        assertThat(records.get(1).replayDigest()).as("the card's presentation can be rebuilt into the replay cache")
                .isNotNull();
        assertThat(rig.scan(rig.staffCard.present(StaffRig.NOW)).verdict()).as("a staff card with nothing waiting")
                .isIn(Verdict.VALID, Verdict.POLICY_REJECTED);
        assertIntact(3);
    }

    @Test
    void aValidCardOfAnotherKeyDoesNotConfirmItEndsTheWaitAndIsDecidedAsUsual() throws Exception {
        rig.scanExemption();
        rig.delays.advance(Duration.ofSeconds(5));

        Outcome other = rig.scan(rig.otherVisitor.present(StaffRig.NOW));

        assertThat(other.verdict()).isNotEqualTo(Verdict.STAFF_CONFIRMED);
        assertThat(rig.desk.waiting()).isFalse();
        List<EntryRecord> records = rig.records();
        assertThat(records).extracting(EntryRecord::verdict)
                .containsExactly("POLICY_REJECTED", "STAFF_CANCELLED", other.verdict().name());
        assertThat(records.get(1).staff()).isEqualTo(new StaffAction("NONE", null, 1, "POLICY_REJECTED"));
        rig.delays.advance(StaffRig.WINDOW);
        button.press();
        assertThat(rig.records()).as("no timeout and no confirmation after the wait was cancelled").hasSize(3);
        assertIntact(3);
    }

    @Test
    void aStaffCardThatIsNotFreshDoesNotConfirm() throws Exception {
        rig.scanExemption();

        Outcome stale = rig.scan(rig.staffCard.present(StaffRig.NOW.minus(Duration.ofMinutes(5))));

        assertThat(stale.verdict()).isEqualTo(Verdict.STALE);
        assertThat(rig.records()).extracting(EntryRecord::verdict)
                .containsExactly("POLICY_REJECTED", "STAFF_CANCELLED", "STALE");
        assertThat(rig.events()).doesNotContain("relay on");
    }

    @Test
    void withNothingConfiguredToWaitTheGateAnswersAsBefore() throws Exception {
        rig.gate.staffDesk(null);

        rig.scanExemption();
        button.press();

        assertThat(rig.records()).extracting(EntryRecord::verdict).containsExactly("POLICY_REJECTED");
        assertThat(rig.events()).contains("speaker play check_id").doesNotContain("relay on");
    }

    @Test
    void underDegradedTrustAStaffCardAnsweredConfirmRequiredStillCountsButAnUntrustedClockDoesNot() throws Exception {
        Checks passed = new Checks().pass("prefix").pass("signature").pass("holder").pass("validity")
                .pass("freshness").pass("replay");
        Outcome degraded = Outcome.of(Verdict.CONFIRM_REQUIRED, Format.PG1, passed, "trust degraded")
                .withFacts(rig.staffKid(), null, "STAFF<<MEMBER|1980-04-04", null);
        Outcome clockUntrusted = degraded.withVerdict(Verdict.CLOCK_UNTRUSTED, "the kiosk clock is untrusted");
        Minimisation minimisation = Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32]));
        ScannedCode code = new ScannedCode("test", "PG1:...", false, rig.delays.nanoTime());
        rig.scanExemption();

        assertThat(rig.desk.offer(clockUntrusted, code, minimisation)).as("ends the wait, cancelled").isEmpty();
        rig.scanExemption();
        assertThat(rig.desk.offer(degraded, code, minimisation)).hasValueSatisfying(decision ->
                assertThat(decision.outcome().verdict()).isEqualTo(Verdict.STAFF_CONFIRMED));

        assertThat(rig.records()).extracting(EntryRecord::verdict).containsExactly("POLICY_REJECTED",
                "STAFF_CANCELLED", "POLICY_REJECTED", "STAFF_CONFIRMED");
    }

    @Test
    void withTheDoorFailingClosedAConfirmationTheLogCannotWriteKeepsTheDoorShut() throws Exception {
        rig.close();
        rig = new StaffRig(dir.resolve("closed"), timeline -> {
            button = new FakeDigitalInput("staff_button", timeline);
            return Optional.of(button);
        }, 1, GateConfig.FullDisk.CLOSED);
        rig.scanExemption();
        assertThat(rig.desk.waiting()).as("the waiting entry's own record was written").isTrue();

        button.press();

        assertThat(rig.desk.waiting()).isFalse();
        assertThat(rig.events()).contains("light RED").doesNotContain("relay on");
        assertThat(rig.records()).extracting(EntryRecord::verdict).containsExactly("POLICY_REJECTED");
        assertThat(rig.log.status().unlogged()).as("the lost confirmation is counted for a gap record").isEqualTo(1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pressesRacingWithScansEndEveryWaitExactlyOnceWithoutADeadlock() throws Exception {
        AtomicBoolean scanning = new AtomicBoolean(true);
        Thread presser = new Thread(() -> {
            while (scanning.get()) {
                button.press();
            }
        }, "staff-presser");
        presser.start();
        for (int i = 0; i < 40; i++) {
            rig.scanExemption();
        }
        scanning.set(false);
        presser.join();
        rig.desk.close();

        List<EntryRecord> records = rig.records();
        Map<Long, Long> endsPerWait = records.stream().filter(r -> r.staff() != null)
                .collect(Collectors.groupingBy(r -> r.staff().forSequence(), Collectors.counting()));
        List<Long> waited = new ArrayList<>();
        for (int seq = 1; seq <= records.size(); seq++) {
            if (records.get(seq - 1).staff() == null) {
                waited.add((long) seq);
            }
        }
        assertThat(waited).hasSize(40);
        assertThat(endsPerWait.keySet()).containsExactlyInAnyOrderElementsOf(waited);
        assertThat(endsPerWait.values()).containsOnly(1L);
        System.out.println("staff race: 40 waits, " + records.stream().filter(r -> "STAFF_CONFIRMED"
                .equals(r.verdict())).count() + " confirmed by the button, the rest cancelled by the next scan");
        assertIntact(80);
    }

    private void assertIntact(long records) throws Exception {
        rig.log.close();
        ChainReport report = ChainVerifier.verify(rig.logFile, "kiosk-staff", rig.key.publicKey());
        assertThat(report).isInstanceOf(ChainReport.Intact.class);
        assertThat(((ChainReport.Intact) report).records()).isEqualTo(records);
    }
}
