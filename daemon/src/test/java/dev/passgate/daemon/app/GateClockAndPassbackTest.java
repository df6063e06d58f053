package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.GateConfig;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.clock.SettableClock;
import dev.passgate.daemon.clock.SyncSignal;
import dev.passgate.daemon.clock.TimeFloor;
import dev.passgate.daemon.clock.TrustedClock;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateClockAndPassbackTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private final SettableClock wall = new SettableClock(NOW);
    private EntryLog log;
    private Feedback feedback;

    @BeforeEach
    void open() throws Exception {
        log = EntryLog.open(dir.resolve("entries.db"), "kiosk-test");
        feedback = new Feedback(FeedbackTable.of(ConfigLoader.defaults(dir.resolve("x.toml")).feedback().verdicts()),
                List.of(new FakeStatusLight(timeline)), List.of(new FakeBuzzer(timeline, delays)),
                List.of(new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays)), delays, Duration.ofSeconds(3));
    }

    @AfterEach
    void close() throws EntryLogException {
        feedback.close();
        log.close();
    }

    private Gate gate(GateConfig.ClockUntrusted untrusted, GateConfig.Passback passback) {
        GateConfig config = new GateConfig(Duration.ofSeconds(30), Duration.ofSeconds(5), passback,
                Duration.ofMinutes(10), untrusted, Duration.ofSeconds(2), dir.resolve("no-sync-flag"));
        TrustedClock clock = new TrustedClock(wall, delays::nanoTime, TimeFloor.load(dir.resolve("floor"), List.of()),
                SyncSignal.NONE, config.maxClockJump());
        return new Gate(new PassVerifier(Limits.DEFAULT), () -> TrustSnapshot.unmanaged(PASSES.trust()),
                Policies.named("none").orElseThrow(), log,
                Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32])), feedback, wall, delays::nanoTime,
                d -> { }, clock, config);
    }

    private Verdict scan(Gate gate, String text) {
        return gate.handle(new ScannedCode("test", text, false, delays.nanoTime())).outcome().verdict();
    }

    private void elapse(Duration duration) {
        wall.advance(duration);
        delays.advance(duration);
    }

    private String valid() {
        return PASSES.samples().get(0).text();
    }

    @Test
    void refusesTimeDependentDecisionsAfterAClockJumpWhenConfiguredToFailClosed() throws EntryLogException {
        Gate gate = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.OFF);
        assertThat(scan(gate, valid())).isEqualTo(Verdict.VALID);

        wall.advance(Duration.ofHours(1));

        assertThat(scan(gate, valid())).isEqualTo(Verdict.CLOCK_UNTRUSTED);
        assertThat(scan(gate, "not a pass")).isEqualTo(Verdict.UNSUPPORTED);
        List<StoredEntry> entries = log.readFrom(0, 10);
        assertThat(entries).extracting(e -> e.record().clockTrusted()).containsExactly(true, false, false);
    }

    @Test
    void decidesAndFlagsTheRecordWhenConfiguredToFlag() throws EntryLogException {
        Gate gate = gate(GateConfig.ClockUntrusted.FLAG, GateConfig.Passback.OFF);
        scan(gate, valid());

        wall.set(Instant.EPOCH);

        assertThat(scan(gate, valid())).isEqualTo(Verdict.NOT_YET_VALID);
        wall.set(NOW.plus(Duration.ofDays(365)));
        assertThat(scan(gate, valid())).isIn(Verdict.VALID, Verdict.EXPIRED);
        assertThat(log.readFrom(0, 10)).extracting(e -> e.record().clockTrusted()).containsExactly(true, false, false);
    }

    @Test
    void refusesTheSameHolderAgainWithinThePassbackWindow() {
        Gate gate = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.REFUSE);
        assertThat(scan(gate, valid())).isEqualTo(Verdict.VALID);
        elapse(Duration.ofMinutes(3));

        Decision again = gate.handle(new ScannedCode("test", valid(), false, delays.nanoTime()));

        assertThat(again.outcome().verdict()).isEqualTo(Verdict.REPLAYED);
        assertThat(again.outcome().reason()).startsWith("already admitted at 03:30:00 UTC");
        assertThat(again.outcome().checks()).containsEntry("passback", false);
        elapse(Duration.ofMinutes(8));
        assertThat(scan(gate, valid())).isEqualTo(Verdict.VALID);
    }

    @Test
    void admitsTheSameHolderAgainWhenPassbackIsAllowed() {
        Gate gate = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.ALLOW);
        assertThat(scan(gate, valid())).isEqualTo(Verdict.VALID);
        elapse(Duration.ofMinutes(1));

        assertThat(scan(gate, valid())).isEqualTo(Verdict.VALID);
    }

    @Test
    void restartedGateStillRefusesAHolderAdmittedWithinTheWindow() throws Exception {
        Gate before = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.REFUSE);
        assertThat(scan(before, "not a pass")).isEqualTo(Verdict.UNSUPPORTED);
        assertThat(scan(before, valid())).isEqualTo(Verdict.VALID);
        log.close();
        log = EntryLog.open(dir.resolve("entries.db"), "kiosk-test");
        elapse(Duration.ofMinutes(4));
        delays.advance(Duration.ofDays(3));

        Gate after = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.REFUSE);
        after.restoreAdmissions();

        Decision again = after.handle(new ScannedCode("test", valid(), false, delays.nanoTime()));
        assertThat(again.outcome().verdict()).isEqualTo(Verdict.REPLAYED);
        assertThat(again.outcome().reason()).startsWith("already admitted at 03:30:00 UTC");
        elapse(Duration.ofMinutes(7));
        assertThat(scan(after, valid())).isEqualTo(Verdict.VALID);
    }

    @Test
    void restartAfterTheWindowHasPassedAdmitsTheHolder() throws Exception {
        Gate before = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.REFUSE);
        assertThat(scan(before, valid())).isEqualTo(Verdict.VALID);
        elapse(Duration.ofMinutes(11));

        Gate after = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.REFUSE);
        after.restoreAdmissions();

        assertThat(scan(after, valid())).isEqualTo(Verdict.VALID);
    }

    @Test
    void restoreFindsTheEarliestAdmissionBehindThousandsOfOtherRecords() throws Exception {
        Gate before = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.ALLOW);
        for (int i = 0; i < 2_500; i++) {
            scan(before, "not a pass " + i);
        }
        assertThat(scan(before, valid())).isEqualTo(Verdict.VALID);
        elapse(Duration.ofMinutes(2));
        assertThat(scan(before, valid())).isEqualTo(Verdict.VALID);
        elapse(Duration.ofMinutes(7));

        Gate after = gate(GateConfig.ClockUntrusted.REFUSE, GateConfig.Passback.REFUSE);
        after.restoreAdmissions();

        Decision again = after.handle(new ScannedCode("test", valid(), false, delays.nanoTime()));
        assertThat(again.outcome().verdict()).isEqualTo(Verdict.REPLAYED);
        assertThat(again.outcome().reason()).startsWith("already admitted at 03:30:00 UTC");
        elapse(Duration.ofMinutes(2));
        assertThat(scan(after, valid())).isEqualTo(Verdict.VALID);
    }
}
