package dev.passgate.hal.timing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.BuzzerPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Actions that were cancelled too late to stop them must not disturb what replaced them. */
class TimingRacesTest {
    private final LateCancelDelays delays = new LateCancelDelays();
    private final List<String> seen = new ArrayList<>();

    @Test
    void staleStepOfAReplacedPatternDoesNotSwitchTheBuzzer() {
        PatternPlayer player = new PatternPlayer(delays, on -> seen.add(on ? "on" : "off"));
        player.play(BuzzerPattern.SHORT);
        player.play(BuzzerPattern.LONG);

        // the SHORT pattern's end runs although it was cancelled
        delays.scheduled(0).run();

        assertThat(seen).containsExactly("on");
        delays.scheduled(1).run();
        assertThat(seen).containsExactly("on", "off");
    }

    @Test
    void staleStepAfterCloseDoesNothing() {
        PatternPlayer player = new PatternPlayer(delays, on -> seen.add(on ? "on" : "off"));
        player.play(BuzzerPattern.DOUBLE);
        player.close();

        delays.scheduled(0).run();

        assertThat(seen).containsExactly("on", "off");
        assertThat(delays.count()).isEqualTo(1);
    }

    @Test
    void staleReleaseOfARestartedPulseDoesNotCloseTheDoorEarly() {
        PulseTimer timer = new PulseTimer(delays, Duration.ofSeconds(5), new RecordingCoil());
        timer.pulse(Duration.ofSeconds(3));
        timer.pulse(Duration.ofSeconds(3));

        delays.scheduled(0).run();
        assertThat(seen).containsExactly("energise PT3S", "energise PT3S");

        delays.scheduled(1).run();
        assertThat(seen).containsExactly("energise PT3S", "energise PT3S", "release");
    }

    @Test
    void staleReleaseAfterCloseReleasesOnlyOnce() {
        PulseTimer timer = new PulseTimer(delays, Duration.ofSeconds(5), new RecordingCoil());
        timer.pulse(Duration.ofSeconds(3));
        timer.close();

        delays.scheduled(0).run();

        assertThat(seen).containsExactly("energise PT3S", "release");
    }

    private final class RecordingCoil implements PulseTimer.Coil {
        @Override
        public void energise(Duration onFor) {
            seen.add("energise " + onFor);
        }

        @Override
        public void release() {
            seen.add("release");
        }
    }
}
