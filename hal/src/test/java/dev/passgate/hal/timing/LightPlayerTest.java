package dev.passgate.hal.timing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.LightColor;
import dev.passgate.hal.LightSequence;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Blink and steady sequences on a fake light, with time moved by hand. */
class LightPlayerTest {
    private final ManualDelays delays = new ManualDelays();
    private final Timeline timeline = new Timeline(delays::nanoTime);
    private final LightPlayer player = new LightPlayer(delays, new FakeStatusLight(timeline));

    @Test
    void blinkAlternatesTheColourAndOffUntilReplacedByASteadyColour() {
        player.play(LightSequence.blink(LightColor.AMBER));
        delays.advance(Duration.ofMillis(1000));
        player.show(LightColor.OFF);
        delays.advance(Duration.ofMillis(1000));

        assertThat(timeline.toString()).isEqualTo(String.join("\n",
                "     0.000 ms  light AMBER", "   250.000 ms  light OFF", "   500.000 ms  light AMBER",
                "   750.000 ms  light OFF", "  1000.000 ms  light AMBER", "  1000.000 ms  light OFF"));
        assertThat(delays.pendingCount()).isZero();
    }

    @Test
    void closeStopsTheSequenceAndLeavesTheLightOff() {
        player.play(LightSequence.flash(LightColor.RED));

        player.close();
        delays.advance(Duration.ofSeconds(1));

        assertThat(timeline.events()).extracting(Timeline.Event::action).containsExactly("RED", "OFF", "closed");
    }
}
