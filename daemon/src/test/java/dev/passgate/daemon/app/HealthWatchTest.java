package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.FeedbackConfig;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.trust.TrustState;
import dev.passgate.daemon.trust.TrustStatus;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.fake.FakeScanSource;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HealthWatch}: the idle light and the log follow the health while the kiosk runs: a fake reader going away
 * and coming back turns the idle light amber and off again, once each, with one WARN and one INFO, and a verdict
 * shown meanwhile keeps its light for its hold time.
 */
class HealthWatchTest {
    private static final StatusReport.ClockState TRUSTED = new StatusReport.ClockState(true, Optional.empty(),
            Instant.EPOCH);
    private static final Duration HOLD = Duration.ofSeconds(3);

    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private final FakeStatusLight light = new FakeStatusLight(timeline);
    private final Feedback feedback = new Feedback(FeedbackTable.of(FeedbackConfig.DEFAULT_VERDICTS), List.of(light),
            List.of(), List.of(), delays, HOLD);
    private final String name = "fake:" + UUID.randomUUID();
    private final FakeScanSource reader = new FakeScanSource(name, timeline);
    private final HealthWatch watch = new HealthWatch(feedback);

    @TempDir
    Path dir;

    @Test
    void theIdleLightFollowsAReaderGoingAwayAndComingBackWithoutFlicker() throws Exception {
        watch.start(delays, this::problems);
        assertThat(light.color()).as("healthy at start").isEqualTo(LightColor.OFF);

        // when the reader goes away, the next check turns the idle light amber, and it stays amber
        reader.health("DISCONNECTED: read failed");
        delays.advance(HealthWatch.INTERVAL);
        assertThat(light.color()).isEqualTo(LightColor.AMBER);
        assertThat(watch.current()).singleElement().asString().startsWith("no reader is usable (" + name);
        reader.health("DISCONNECTED: reopen failed");
        delays.advance(HealthWatch.INTERVAL.multipliedBy(4));

        // a verdict while degraded shows its own colour for the hold time, then the light returns to amber
        feedback.give(Verdict.VALID);
        delays.advance(HOLD);
        assertThat(light.color()).isEqualTo(LightColor.AMBER);

        // when it comes back during a verdict's hold, the verdict keeps its light and then the light goes off
        delays.advance(HealthWatch.INTERVAL.minus(HOLD).minusMillis(1));
        feedback.give(Verdict.INVALID_SIGNATURE);
        reader.health("CONNECTED");
        delays.advance(Duration.ofMillis(1));
        assertThat(light.color()).as("not cut short by the health change").isEqualTo(LightColor.RED);
        delays.advance(HOLD);
        assertThat(light.color()).isEqualTo(LightColor.OFF);
        delays.advance(HealthWatch.INTERVAL.multipliedBy(4));

        assertThat(timeline.events()).filteredOn(event -> event.device().equals(FakeStatusLight.DEVICE))
                .extracting(Timeline.Event::action)
                .containsExactly("AMBER", "GREEN", "AMBER", "RED", "OFF");
        watch.close();
        reader.health("DISCONNECTED: closed");
        delays.advance(HealthWatch.INTERVAL.multipliedBy(2));
        assertThat(light.color()).as("no check after close").isEqualTo(LightColor.OFF);

        // each change of health is logged once: WARN when the problem appears, INFO when it clears
        List<String> lines = Files.readAllLines(Paths.get("target", "tinylog-test.log"), StandardCharsets.UTF_8)
                .stream().filter(line -> line.contains(name)).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("WARN").contains("degraded: no reader is usable (" + name
                + " DISCONNECTED: read failed): plug the reader in");
        assertThat(lines.get(1)).startsWith("INFO").contains("health: cleared: no reader is usable (" + name
                + " DISCONNECTED: reopen failed)");
    }

    @Test
    void trustDataNotFreshKeepsTheLightAmberUntilItIsFreshAndHealthy() {
        watch.start(delays, this::problems);
        watch.trust(status(TrustState.WARN));
        assertThat(light.color()).isEqualTo(LightColor.AMBER);

        reader.health("DISCONNECTED");
        delays.advance(HealthWatch.INTERVAL);
        watch.trust(status(TrustState.FRESH));
        assertThat(light.color()).as("fresh trust does not hide the missing reader").isEqualTo(LightColor.AMBER);

        reader.health("CONNECTED");
        delays.advance(HealthWatch.INTERVAL);
        assertThat(light.color()).isEqualTo(LightColor.OFF);
        assertThat(timeline.events()).extracting(Timeline.Event::action).containsExactly("AMBER", "OFF");
    }

    @Test
    void aProblemKeepsItsIdentityWhileItsDetailsChange() {
        assertThat(HealthWatch.key("3 decision(s) could not be written to the entry log"))
                .isEqualTo(HealthWatch.key("4 decision(s) could not be written to the entry log"));
        assertThat(HealthWatch.key("clock untrusted (below the time floor): enable time synchronisation"))
                .isEqualTo("clock untrusted");
        assertThat(HealthWatch.key("trust bundle fetch from http://127.0.0.1:8080/b failed 3 times in a row "
                + "(no success since start): timeout"))
                .isEqualTo(HealthWatch.key("trust bundle fetch from http://127.0.0.1:8080/b failed 12 times in a row "
                        + "(last success 2026-12-06T10:00:00Z): refused"));
        assertThat(HealthWatch.key("speaker: NO_AUDIO_DEVICE: no mixer")).isEqualTo("speaker");
    }

    private List<String> problems() {
        return Health.problems(Map.of(reader.name(), reader.health()), 1, Optional.empty(), TRUSTED,
                dir.resolve("entries.db"), List.of("OK"));
    }

    private static TrustStatus status(TrustState state) {
        return new TrustStatus(state, 7, Optional.of(Duration.ofDays(1)), Optional.empty(), TrustStatus.Effect.ADMIT,
                "bundle version 7");
    }
}
