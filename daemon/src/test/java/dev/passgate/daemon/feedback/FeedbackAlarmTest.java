package dev.passgate.daemon.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.DoorConfig;
import dev.passgate.config.FeedbackConfig;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Door grants heard before the relay moves, and alarms that open no door and give way to verdicts. */
class FeedbackAlarmTest {
    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private final FakeStatusLight light = new FakeStatusLight(timeline);
    private final FakeBuzzer buzzer = new FakeBuzzer(timeline, delays);
    private final FakeDoorRelay relay = new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays);
    private final Feedback feedback = new Feedback(FeedbackTable.of(FeedbackConfig.DEFAULT_VERDICTS), List.of(light),
            List.of(buzzer), List.of(relay), delays, Duration.ofSeconds(3));

    @Test
    void grantListenersHearEveryOpeningWithItsRecordBeforeTheRelayIsEnergised() {
        List<String> heard = new ArrayList<>();
        feedback.onGrant((time, sequence) -> heard.add(time.toMillis() + " ms, seq " + sequence + ", relay "
                + (relay.energised() ? "on" : "off")));

        feedback.openDoor(feedback.signal(Verdict.VALID, null), 17);
        feedback.openDoor(feedback.signal(Verdict.EXPIRED, null), 18);
        feedback.give(Verdict.VALID);

        assertThat(heard).containsExactly("3000 ms, seq 17, relay off", "3000 ms, seq 0, relay on");
        assertThat(relay.energised()).isTrue();
    }

    @Test
    void alarmShowsItsPatternOpensNoDoorAndEndsOnlyItself() {
        Response forced = FeedbackTable.response(DoorConfig.DEFAULT_FORCED);

        feedback.alarm(forced, Duration.ofSeconds(4));
        assertThat(light.color()).isEqualTo(LightColor.RED);
        assertThat(buzzer.sounding()).isTrue();
        assertThat(relay.energised()).isFalse();
        feedback.endAlarm();
        assertThat(light.color()).isEqualTo(LightColor.OFF);

        feedback.alarm(forced, Duration.ofSeconds(4));
        feedback.give(Verdict.VALID);
        feedback.endAlarm();

        assertThat(light.color()).as("a verdict shown over the alarm is not cut short").isEqualTo(LightColor.GREEN);
    }

    @Test
    void alarmNotRepeatedGoesBackToIdleAfterItsTime() {
        feedback.alarm(FeedbackTable.response(DoorConfig.DEFAULT_HELD_OPEN), Duration.ofSeconds(4));
        delays.advance(Duration.ofMillis(3999));
        assertThat(light.color()).isIn(LightColor.AMBER, LightColor.OFF);
        assertThat(timeline.events()).extracting(e -> e.action()).contains("AMBER");

        delays.advance(Duration.ofSeconds(5));

        assertThat(light.color()).isEqualTo(LightColor.OFF);
        assertThat(delays.pendingCount()).isZero();
    }
}
