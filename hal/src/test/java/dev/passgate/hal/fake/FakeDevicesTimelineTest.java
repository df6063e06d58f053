package dev.passgate.hal.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.fake.Timeline.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a test of the daemon will see: the fakes' shared timeline over a simulated scan. */
class FakeDevicesTimelineTest {
    private static final long MS = 1_000_000L;

    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private final FakeStatusLight light = new FakeStatusLight(timeline);
    private final FakeBuzzer buzzer = new FakeBuzzer(timeline, delays);
    private final FakeDoorRelay relay = new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays);
    private final FakeScanSource scanner = new FakeScanSource("stdin", timeline);

    @Test
    void scanFollowedByFeedbackIsRecordedInOrderWithItsTimes() {
        // given a kiosk loop that answers every code with green, a double beep and a 3 s door pulse
        List<ScannedCode> seen = new ArrayList<>();
        scanner.start(code -> {
            seen.add(code);
            light.show(LightColor.GREEN);
            buzzer.play(BuzzerPattern.DOUBLE);
            relay.pulse(Duration.ofSeconds(3));
        });
        delays.advance(Duration.ofMillis(50));

        // when a code is scanned and time runs on
        scanner.emit("HC1:pass");
        delays.advance(Duration.ofSeconds(10));

        // then
        assertThat(seen).containsExactly(new ScannedCode("stdin", "HC1:pass", false, 50 * MS));
        assertThat(timeline.events()).containsExactly(
                new Event(50 * MS, "stdin", "emit"),
                new Event(50 * MS, "light", "GREEN"),
                new Event(50 * MS, "buzzer", "on"),
                new Event(50 * MS, "relay", "on"),
                new Event(170 * MS, "buzzer", "off"),
                new Event(270 * MS, "buzzer", "on"),
                new Event(390 * MS, "buzzer", "off"),
                new Event(3050 * MS, "relay", "off"));
    }

    @Test
    void repeatedCommandsRecordOnlyChangesAndARestartedPulseMovesTheRelease() {
        light.show(LightColor.RED);
        light.show(LightColor.RED);
        relay.pulse(Duration.ofSeconds(3));
        delays.advance(Duration.ofSeconds(2));
        relay.pulse(Duration.ofSeconds(3));
        delays.advance(Duration.ofSeconds(10));

        assertThat(timeline.events()).containsExactly(
                new Event(0, "light", "RED"),
                new Event(0, "relay", "on"),
                new Event(5000 * MS, "relay", "off"));
    }

    @Test
    void closeRecordsTheSafeStateThenClosed() {
        light.show(LightColor.AMBER);
        buzzer.play(BuzzerPattern.LONG);
        relay.pulse(Duration.ofSeconds(3));
        delays.advance(Duration.ofMillis(10));

        light.close();
        buzzer.close();
        relay.close();
        scanner.close();

        assertThat(timeline.events()).containsSubsequence(
                new Event(10 * MS, "light", "OFF"),
                new Event(10 * MS, "light", "closed"),
                new Event(10 * MS, "buzzer", "off"),
                new Event(10 * MS, "buzzer", "closed"),
                new Event(10 * MS, "relay", "off"),
                new Event(10 * MS, "relay", "closed"));
        assertThat(timeline.events()).hasSize(9);
    }

    @Test
    void scanSourceDeliversGivenCodesAsTheyAreAndNothingAfterClose() {
        List<ScannedCode> seen = new ArrayList<>();
        scanner.start(seen::add);
        ScannedCode cut = new ScannedCode("stdin", "x".repeat(16), true, 42);

        scanner.emit(cut);
        scanner.close();
        scanner.emit("late");

        assertThat(seen).containsExactly(cut);
        assertThat(scanner.name()).isEqualTo("stdin");
    }

    @Test
    void scanSourceRejectsEmitBeforeStartAndASecondStart() {
        assertThatThrownBy(() -> scanner.emit("early"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before start");
        scanner.start(code -> { });
        assertThatThrownBy(() -> scanner.start(code -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
    }
}
