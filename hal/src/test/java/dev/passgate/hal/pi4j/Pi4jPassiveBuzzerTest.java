package dev.passgate.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.context.Context;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.ManualDelays;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The passive buzzer on Pi4J's mock PWM provider: tones, pitches and silence, timed by manual delays. */
class Pi4jPassiveBuzzerTest {
    private final Context pi4j = Pi4jContexts.withProviders(MockPwmProvider.newInstance());
    private final ManualDelays delays = new ManualDelays();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    @Test
    void chimeSoundsTwoPitchesOnTheHardwarePwmChannelAndEndsSilent() {
        Pi4jPassiveBuzzer buzzer = new Pi4jPassiveBuzzer(pi4j, 18, 2000, delays);
        Pwm pwm = pwm();
        assertThat(pwm.address()).as("BCM 18 is PWM channel 0").isEqualTo(0);
        assertThat(pwm.isOn()).as("silent from construction").isFalse();

        buzzer.play(BuzzerPattern.CHIME);
        assertThat(pwm.isOn()).isTrue();
        assertThat(pwm.frequency()).isEqualTo(2000);
        assertThat(pwm.dutyCycle()).isEqualTo(50f);
        delays.advance(Duration.ofMillis(350));
        assertThat(pwm.isOn()).isFalse();
        delays.advance(Duration.ofMillis(60));
        assertThat(pwm.isOn()).isTrue();
        assertThat(pwm.frequency()).as("a major third lower").isEqualTo(1600);
        delays.advance(Duration.ofMillis(500));
        assertThat(pwm.isOn()).isFalse();
    }

    @Test
    void closeSilencesAToneInTheMiddleOfAPattern() {
        Pi4jPassiveBuzzer buzzer = new Pi4jPassiveBuzzer(pi4j, 13, 2700, delays);
        Pwm pwm = pwm();
        assertThat(pwm.address()).isEqualTo(1);
        buzzer.play(BuzzerPattern.LONG);

        buzzer.close();

        assertThat(pwm.isOn()).isFalse();
        delays.advance(Duration.ofSeconds(1));
        assertThat(pwm.isOn()).isFalse();
    }

    @Test
    void refusesAPinWithoutHardwarePwm() {
        assertThatThrownBy(() -> new Pi4jPassiveBuzzer(pi4j, 22, 2700, delays))
                .hasMessage("a passive buzzer needs a hardware PWM pin [12, 13, 18, 19], found 22");
    }

    private Pwm pwm() {
        return pi4j.registry().allByType(Pwm.class).values().iterator().next();
    }
}
