package dev.passgate.daemon.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.passgate.config.FeedbackConfig;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeSpeaker;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline of a decision on every output, from the default feedback table, with time moved by hand. */
class FeedbackTimelineTest {
    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private final List<Boolean> confirmations = new ArrayList<>();
    private final Feedback feedback = new Feedback(
            FeedbackTable.of(FeedbackConfig.DEFAULT_VERDICTS, FeedbackConfig.DEFAULT_REASONS),
            List.of(new FakeStatusLight(timeline)), List.of(new FakeBuzzer(timeline, delays)),
            List.of(new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays)), List.of(new FakeSpeaker(timeline)),
            List.of(confirmations::add), delays, Duration.ofSeconds(3));

    @Test
    void validPassLightsGreenBeepsSpeaksOpensTheDoorAndEverythingEndsSafe() {
        feedback.give(Verdict.VALID, "signature, key usage and validity are good");
        delays.advance(Duration.ofSeconds(4));
        feedback.close();

        assertThat(timeline.toString()).isEqualTo(String.join("\n",
                "     0.000 ms  light GREEN",
                "     0.000 ms  buzzer on",
                "     0.000 ms  speaker play valid",
                "     0.000 ms  relay on",
                "   120.000 ms  buzzer off",
                "  3000.000 ms  light OFF",
                "  3000.000 ms  relay off",
                "  4000.000 ms  relay closed",
                "  4000.000 ms  buzzer closed",
                "  4000.000 ms  speaker closed",
                "  4000.000 ms  light closed"));
        assertThat(confirmations).containsExactly(true);
    }

    @Test
    void expiredPassPlaysTheChimeClipAndKeepsTheDoorShut() {
        feedback.give(Verdict.EXPIRED, "expired");

        assertThat(timeline.events()).extracting(Timeline.Event::device, Timeline.Event::action)
                .contains(tuple("speaker", "play expired"))
                .doesNotContain(tuple("relay", "on"));
        assertThat(confirmations).containsExactly(false);
    }

    @Test
    void anExemptHolderBlinksAmberAndAsksForAnId() {
        feedback.give(Verdict.POLICY_REJECTED, "EXEMPT_CHECK_ID: the holder is exempt; check an ID");
        delays.advance(Duration.ofMillis(600));

        assertThat(timeline.events()).extracting(Timeline.Event::action)
                .containsSubsequence("AMBER", "play check_id", "OFF", "AMBER");
    }
}
