package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.StatusLight;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private final List<Long> logSizeWhenLightChanged = new ArrayList<>();
    private final List<Long> logSizeWhenDoorOpened = new ArrayList<>();
    private EntryLog log;
    private Gate gate;
    private Feedback feedback;

    @BeforeEach
    void assemble() throws Exception {
        log = EntryLog.open(dir.resolve("entries.db"), "kiosk-test");
        StatusLight spyLight = new StatusLight() {
            @Override
            public void show(LightColor color) {
                if (color != LightColor.OFF) {
                    logSizeWhenLightChanged.add(count());
                }
            }

            @Override
            public void close() {
            }
        };
        DoorRelay spyRelay = new DoorRelay() {
            @Override
            public void pulse(Duration duration) {
                logSizeWhenDoorOpened.add(count());
            }

            @Override
            public void close() {
            }
        };
        feedback = new Feedback(FeedbackTable.of(ConfigLoader.defaults(dir.resolve("x.toml")).feedback().verdicts()),
                List.of(new FakeStatusLight(timeline), spyLight), List.of(new FakeBuzzer(timeline, delays)),
                List.of(new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays), spyRelay), delays,
                Duration.ofSeconds(3));
        gate = new Gate(new PassVerifier(Limits.DEFAULT), PASSES.trust(), Policies.named("none").orElseThrow(), log,
                Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32])), feedback,
                Clock.fixed(NOW, ZoneOffset.UTC), delays::nanoTime, decision -> { });
    }

    @AfterEach
    void close() throws EntryLogException {
        feedback.close();
        log.close();
    }

    @Test
    void signalsBeforeTheEntryIsWrittenAndOpensTheDoorOnlyAfterIt() {
        for (DemoPasses.Sample sample : PASSES.samples()) {
            gate.handle(scan(sample.text()));
        }
        assertThat(logSizeWhenLightChanged).containsExactly(0L, 1L, 2L, 3L);
        assertThat(logSizeWhenDoorOpened).as("only the valid first sample opens the door").containsExactly(1L);
    }

    @Test
    void validPassOpensTheDoorAndTheLightGoesOffAfterTheHoldTime() {
        Decision decision = gate.handle(scan(PASSES.samples().get(0).text()));

        assertThat(decision.outcome().verdict()).isEqualTo(Verdict.VALID);
        assertThat(decision.sequence()).isEqualTo(1);
        delays.advance(Duration.ofSeconds(10));
        assertThat(timeline.events()).extracting(e -> e.device() + " " + e.action())
                .containsSubsequence("light GREEN", "relay on", "light OFF").contains("relay off");
    }

    @Test
    void eachSampleGetsItsVerdictAndOneRecordWithoutPersonalData() throws EntryLogException {
        for (DemoPasses.Sample sample : PASSES.samples()) {
            Decision decision = gate.handle(scan(sample.text()));
            assertThat(decision.outcome().verdict().name()).as(sample.label()).isEqualTo(sample.expectedVerdict());
        }
        List<StoredEntry> entries = log.readFrom(0, 100);
        assertThat(entries).extracting(e -> e.record().verdict())
                .containsExactly("VALID", "EXPIRED", "INVALID_SIGNATURE", "UNKNOWN_ISSUER");
        assertThat(entries).extracting(StoredEntry::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(entries).allSatisfy(e -> assertThat(e.record().holderId()).hasSize(32).doesNotContain("HONG"));
    }

    @Test
    void garbageGetsAVerdictAndARecordToo() throws EntryLogException {
        Decision decision = gate.handle(scan("HC1:\u0000\u00ff not base45 at all"));
        Decision unknown = gate.handle(new ScannedCode("test", "x".repeat(100), true, 0));

        assertThat(decision.outcome().verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(unknown.outcome().verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(log.count()).isEqualTo(2);
    }

    private ScannedCode scan(String text) {
        return new ScannedCode("test", text, false, delays.nanoTime());
    }

    private long count() {
        try {
            return log.count();
        } catch (EntryLogException e) {
            throw new IllegalStateException(e);
        }
    }
}
