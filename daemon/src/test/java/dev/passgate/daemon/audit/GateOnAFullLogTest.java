package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.GateConfig;
import dev.passgate.daemon.app.Decision;
import dev.passgate.daemon.app.Gate;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate over an entry log on a full disk: every scan still gets its verdict and its light, the log counts each
 * decision it could not write, and the first write after space returns carries the gap record with that count.
 */
class GateOnAFullLogTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    @Test
    void keepsDecidingWhileTheDiskIsFullAndRecordsTheExactGapAfterwards() throws Exception {
        ManualDelays delays = new ManualDelays();
        Timeline timeline = new Timeline(delays::nanoTime);
        EntryLogCapacityTest.DiskFullCommit disk = new EntryLogCapacityTest.DiskFullCommit();
        DeviceKey key = DeviceKey.generate();
        Path file = dir.resolve("entries.db");
        List<Decision> decisions = new ArrayList<>();
        FakeStatusLight light = new FakeStatusLight(timeline);
        try (EntryLog log = EntryLog.open(file, "kiosk-full", EntryLogOptions.defaults().withSigningKey(key), disk);
             Feedback feedback = new Feedback(FeedbackTable.of(ConfigLoader.defaults(dir.resolve("x.toml")).feedback()
                     .verdicts()), List.of(light), List.of(new FakeBuzzer(timeline, delays)),
                     List.of(new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays)), delays,
                     Duration.ofSeconds(3))) {
            Gate gate = new Gate(new PassVerifier(Limits.DEFAULT), PASSES.trust(), Policies.named("none").orElseThrow(),
                    log, Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32])), feedback,
                    Clock.fixed(NOW, ZoneOffset.UTC), delays::nanoTime, decisions::add);

            // given one logged scan, then a full disk for the next eight
            gate.handle(scan(0));
            disk.full = true;
            for (int i = 0; i < 8; i++) {
                Decision decision = gate.handle(scan(i % 4));
                assertThat(decision.outcome().verdict().name()).isEqualTo(PASSES.samples().get(i % 4)
                        .expectedVerdict());
                assertThat(decision.logged()).isFalse();
                assertThat(decision.response().light()).isEqualTo(i % 4 == 0 ? LightColor.GREEN : LightColor.RED);
                assertThat(light.color()).isEqualTo(decision.response().light());
            }
            assertThat(gate.unloggedCount()).isEqualTo(8);

            // when space returns
            disk.full = false;
            Decision after = gate.handle(scan(0));

            // then the decision is logged right after a gap record of exactly eight
            assertThat(after.sequence()).isEqualTo(3);
            assertThat(log.readAll(1, 1).get(0).record()).isInstanceOf(GapRecord.class)
                    .extracting(r -> ((GapRecord) r).count(), r -> ((GapRecord) r).reason())
                    .containsExactly(8L, GapReason.STORAGE_FULL);
            assertThat(log.status()).isEqualTo(new EntryLogStatus(8, 0, java.util.Optional.empty()));
        }
        assertThat(decisions).hasSize(10);
        assertThat(timeline.events()).extracting(e -> e.device() + " " + e.action())
                .containsSubsequence("light GREEN", "relay on", "light RED", "light GREEN", "light RED", "light GREEN");
        assertThat(((ChainReport.Intact) ChainVerifier.verify(file, "kiosk-full", key.publicKey())).lostDecisions())
                .isEqualTo(8);
        System.out.println("gate on a full disk: 10 decisions with feedback, 8 unlogged and counted, gap record of 8");
    }

    @Test
    void keepsTheDoorShutForADecisionItCannotLogWhenConfiguredToFailClosed() throws Exception {
        ManualDelays delays = new ManualDelays();
        Timeline timeline = new Timeline(delays::nanoTime);
        EntryLogCapacityTest.DiskFullCommit disk = new EntryLogCapacityTest.DiskFullCommit();
        GateConfig d = GateConfig.DEFAULTS;
        GateConfig closed = new GateConfig(d.freshness(), d.futureSkew(), d.passback(), d.passbackWindow(),
                d.clockUntrusted(), d.maxClockJump(), d.syncFlag(), GateConfig.FullDisk.CLOSED);
        FakeDoorRelay relay = new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays);
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), "kiosk-closed",
                EntryLogOptions.defaults().withSigningKey(DeviceKey.generate()), disk);
             Feedback feedback = new Feedback(FeedbackTable.of(ConfigLoader.defaults(dir.resolve("x.toml")).feedback()
                     .verdicts()), List.of(new FakeStatusLight(timeline)), List.of(new FakeBuzzer(timeline, delays)),
                     List.of(relay), delays, Duration.ofSeconds(3))) {
            Gate gate = new Gate(new PassVerifier(Limits.DEFAULT), () -> TrustSnapshot.unmanaged(PASSES.trust()),
                    Policies.named("none").orElseThrow(), log,
                    Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32])), feedback,
                    Clock.fixed(NOW, ZoneOffset.UTC), delays::nanoTime, decision -> { }, null, closed);

            // given a valid pass while the disk is full
            disk.full = true;
            Decision refused = gate.handle(scan(0));
            disk.full = false;
            Decision admitted = gate.handle(scan(0));

            // then the verdict stands but the door stays shut, and it opens again once the log writes
            assertThat(refused.outcome().verdict().name()).isEqualTo("VALID");
            assertThat(refused.logged()).isFalse();
            assertThat(refused.response().opensDoor()).isFalse();
            assertThat(refused.response().light()).isEqualTo(LightColor.RED);
            assertThat(admitted.response().opensDoor()).isTrue();
            assertThat(gate.unloggedCount()).isEqualTo(1);
        }
        assertThat(timeline.events()).extracting(e -> e.device() + " " + e.action())
                .containsSubsequence("light RED", "light GREEN", "relay on")
                .filteredOn(event -> event.equals("relay on")).hasSize(1);
    }

    private static ScannedCode scan(int sample) {
        return new ScannedCode("test", PASSES.samples().get(sample).text(), false, 0);
    }
}
