package dev.passgate.daemon.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.FeedbackConfig;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idle colour, which shows that the trust data is old between verdicts. */
class FeedbackIdleTest {
    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private final FakeStatusLight light = new FakeStatusLight(timeline);
    private final Feedback feedback = new Feedback(FeedbackTable.of(FeedbackConfig.DEFAULT_VERDICTS), List.of(light),
            List.of(), List.of(), delays, Duration.ofSeconds(3));

    @Test
    void showsTheIdleColourAtOnceAndAfterEachHeldVerdict() {
        feedback.idle(LightColor.AMBER);
        assertThat(light.color()).isEqualTo(LightColor.AMBER);

        feedback.give(Verdict.VALID);
        feedback.idle(LightColor.OFF);
        assertThat(light.color()).as("a held verdict is not cut short").isEqualTo(LightColor.GREEN);
        feedback.idle(LightColor.AMBER);
        delays.advance(Duration.ofSeconds(3));

        assertThat(light.color()).isEqualTo(LightColor.AMBER);
        assertThat(timeline.events()).extracting(e -> e.action()).containsExactly("AMBER", "GREEN", "AMBER");
    }
}
