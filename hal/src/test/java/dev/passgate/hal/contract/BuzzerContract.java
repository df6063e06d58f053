package dev.passgate.hal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.hal.Buzzer;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.ManualDelays;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Buzzer} contract, written once, with time moved by hand through {@link ManualDelays}. Each
 * implementation's test supplies the buzzer and a way to hear whether it is sounding now.
 */
public abstract class BuzzerContract {
    protected final ManualDelays delays = new ManualDelays();
    private Buzzer buzzer;

    protected abstract Buzzer create(ManualDelays delays);

    /** Whether the device is sounding now, read from its physical side. */
    protected abstract boolean sounding();

    @BeforeEach
    void createBuzzer() {
        buzzer = create(delays);
    }

    @AfterEach
    void closeBuzzer() {
        buzzer.close();
    }

    @Test
    void isSilentRightAfterConstruction() {
        assertThat(sounding()).isFalse();
    }

    @Test
    void shortPatternSoundsForItsStepThenStops() {
        buzzer.play(BuzzerPattern.SHORT);
        assertThat(sounding()).isTrue();

        advanceMillis(119);
        assertThat(sounding()).isTrue();

        advanceMillis(1);
        assertThat(sounding()).isFalse();
        assertThat(delays.pendingCount()).isZero();
    }

    @Test
    void doublePatternFollowsEveryStep() {
        buzzer.play(BuzzerPattern.DOUBLE);

        assertThat(soundingAfterEachMillis(60, 60, 50, 50, 60, 60, 1000))
                .containsExactly(true, false, false, true, true, false, false);
    }

    @Test
    void newPatternReplacesThePatternStillPlaying() {
        // given a long beep that has played for 100 ms
        buzzer.play(BuzzerPattern.LONG);
        advanceMillis(100);

        // when a short pattern comes in
        buzzer.play(BuzzerPattern.SHORT);

        // then the short one decides: it stops 120 ms later, and the long one never comes back
        assertThat(soundingAfterEachMillis(119, 1, 2000)).containsExactly(true, false, false);
        assertThat(delays.pendingCount()).isZero();
    }

    @Test
    void silentPatternStopsThePatternStillPlaying() {
        buzzer.play(BuzzerPattern.LONG);

        buzzer.play(BuzzerPattern.NONE);

        assertThat(sounding()).isFalse();
        advanceMillis(1000);
        assertThat(sounding()).isFalse();
    }

    @Test
    void customPatternStartsWithOn() {
        buzzer.play(new BuzzerPattern("morse-a", List.of(Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofMillis(30))));

        assertThat(soundingAfterEachMillis(9, 1, 9, 1, 29, 1)).containsExactly(true, false, false, true, true, false);
    }

    @Test
    void closeSilencesAtOnceAndIgnoresLaterPatterns() {
        buzzer.play(BuzzerPattern.LONG);

        buzzer.close();
        assertThat(sounding()).isFalse();

        buzzer.play(BuzzerPattern.SHORT);
        buzzer.close();
        advanceMillis(1000);
        assertThat(sounding()).isFalse();
    }

    @Test
    void rejectsAMissingPattern() {
        assertThatThrownBy(() -> buzzer.play(null)).isInstanceOf(NullPointerException.class);
    }

    protected final void advanceMillis(long millis) {
        delays.advance(Duration.ofMillis(millis));
    }

    private List<Boolean> soundingAfterEachMillis(long... steps) {
        Boolean[] seen = new Boolean[steps.length];
        for (int i = 0; i < steps.length; i++) {
            advanceMillis(steps[i]);
            seen[i] = sounding();
        }
        return List.of(seen);
    }
}
