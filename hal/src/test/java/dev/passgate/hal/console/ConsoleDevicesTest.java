package dev.passgate.hal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.SoundClip;
import dev.passgate.hal.audio.ClipCaptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleDevicesTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final ManualDelays delays = new ManualDelays();

    @Test
    void scanPrintsShortPlainLinesAndTheDoorClosesOnTime() {
        // given
        ConsoleStatusLight light = new ConsoleStatusLight(out, false);
        ConsoleBuzzer buzzer = new ConsoleBuzzer(out);
        ConsoleDoorRelay door = new ConsoleDoorRelay(out, Duration.ofSeconds(5), delays);

        // when a valid pass is scanned and 3 s pass
        light.show(LightColor.GREEN);
        buzzer.play(BuzzerPattern.SHORT);
        door.pulse(Duration.ofSeconds(3));
        delays.advance(Duration.ofMillis(2999));
        String beforeRelease = printed();
        delays.advance(Duration.ofMillis(1));

        // then
        assertThat(beforeRelease).doesNotContain("[door] closed");
        assertThat(lines()).containsExactly("[light] GREEN", "[buzzer] short (beep)", "[door] open for 3.0 s",
                "[door] closed");
    }

    @Test
    void buzzerDescribesEachPatternAndSaysWhenItIsSilent() {
        ConsoleBuzzer buzzer = new ConsoleBuzzer(out);

        buzzer.play(BuzzerPattern.DOUBLE);
        buzzer.play(BuzzerPattern.LONG);
        buzzer.play(BuzzerPattern.NONE);
        buzzer.close();
        buzzer.play(BuzzerPattern.SHORT);

        assertThat(lines()).containsExactly("[buzzer] double (beep beep)", "[buzzer] long (beeeep)",
                "[buzzer] none (silent)");
    }

    @Test
    void doorPrintsTheCappedTimeAndNothingForAZeroPulse() {
        ConsoleDoorRelay door = new ConsoleDoorRelay(out, Duration.ofMillis(2500), delays);

        door.pulse(Duration.ZERO);
        door.pulse(Duration.ofSeconds(60));
        door.close();

        assertThat(lines()).containsExactly("[door] open for 2.5 s", "[door] closed");
    }

    @Test
    void everyOutcomeShowsTheLightAndWhatTheSpeakerSays() {
        ConsoleStatusLight light = new ConsoleStatusLight(out, false);
        ConsoleSpeaker speaker = new ConsoleSpeaker(out, clip -> ClipCaptions.caption("ko", clip, Map.of()));

        light.show(LightColor.GREEN);
        speaker.play(SoundClip.VALID);
        light.show(LightColor.RED);
        speaker.play(SoundClip.EXPIRED);
        light.show(LightColor.RED);
        speaker.play(SoundClip.NONE);
        light.show(LightColor.OFF);
        light.show(LightColor.OFF);

        assertThat(lines()).containsExactly("[light] GREEN", "[speaker] ko/valid.wav \"접종완료자입니다\"",
                "[light] RED", "[speaker] chime \"딩동\"", "[light] RED", "[speaker] none", "[light] OFF");
    }

    @Test
    void lightUsesAnsiColoursOnlyWhenAskedTo() {
        new ConsoleStatusLight(out, false).show(LightColor.RED);
        assertThat(printed()).doesNotContain("\u001B");

        new ConsoleStatusLight(out, true).show(LightColor.RED);
        assertThat(lines().get(1)).isEqualTo("[light] \u001B[1;31mRED\u001B[0m");
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines() {
        return printed().lines().toList();
    }
}
