package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoorConfigTest {
    private static final Path FILE = Path.of("/etc/passgate/passgate.toml");

    @Test
    void defaultsToThirtySecondsHeldOpenAndFiveSecondExit() {
        DoorConfig door = ConfigLoader.defaults(FILE).door();

        assertThat(door).isEqualTo(DoorConfig.DEFAULTS);
        assertThat(door.heldOpenLimit()).isEqualTo(Duration.ofSeconds(30));
        assertThat(door.exitOpen()).isEqualTo(Duration.ofMillis(5000));
        assertThat(door.forced().light()).isEqualTo(Light.RED);
        assertThat(door.heldOpen().lightPattern()).isEqualTo(LightPattern.BLINK);
    }

    @Test
    void readsEveryKeyAndTheAlarmPatterns() {
        ConfigResult result = ConfigLoader.parse("""
                [door]
                held_open_limit_s = 45
                exit_open_ms = 4000
                forced_alarm_s = 20
                alarm_repeat_ms = 1500
                [door.forced_alarm]
                light = "amber"
                buzzer = "chime"
                [door.held_open_alarm]
                light_pattern = "steady"
                clip = "see_staff"
                """, FILE);

        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        DoorConfig door = ((ConfigResult.Loaded) result).config().door();
        assertThat(door).isEqualTo(new DoorConfig(Duration.ofSeconds(45), Duration.ofMillis(4000),
                Duration.ofSeconds(20), Duration.ofMillis(1500),
                new FeedbackRule(Light.AMBER, Tone.CHIME, Duration.ZERO, LightPattern.FLASH, Clip.NONE),
                new FeedbackRule(Light.AMBER, Tone.DOUBLE, Duration.ZERO, LightPattern.STEADY, Clip.SEE_STAFF)));
    }

    @Test
    void refusesOutOfRangeValuesUnknownKeysAndAnExitLongerThanTheRelayCap() {
        ConfigResult result = ConfigLoader.parse("""
                [feedback.gpio.relay]
                max_on_ms = 3000
                [door]
                held_open_limit_s = 0
                exit_open_ms = 4000
                alarm_repeat_ms = 100
                siren = true
                [door.forced_alarm]
                relay_ms = 100
                """, FILE);

        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        List<String> errors = ((ConfigResult.Invalid) result).errors().stream().map(ConfigError::toString).toList();
        assertThat(errors).containsExactly(
                FILE + ":4: door.held_open_limit_s: found 0, expected 1..3600",
                FILE + ":5: door.exit_open_ms: found 4000, expected at most feedback.gpio.relay.max_on_ms = 3000",
                FILE + ":6: door.alarm_repeat_ms: found 100, expected 500..10000",
                FILE + ":7: door.siren: found unknown key, expected one of held_open_limit_s, exit_open_ms,"
                        + " forced_alarm_s, alarm_repeat_ms, forced_alarm, held_open_alarm",
                FILE + ":9: door.forced_alarm.relay_ms: found unknown key, expected one of light, light_pattern,"
                        + " buzzer, clip");
    }

    @Test
    void aShorterRelayCapShortensTheDefaultExitTimeInsteadOfFailing() {
        ConfigResult result = ConfigLoader.parse("""
                [feedback.gpio.relay]
                max_on_ms = 2000
                [feedback.verdicts.VALID]
                relay_ms = 2000
                """, FILE);

        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        assertThat(((ConfigResult.Loaded) result).config().door().exitOpen()).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void aChangedDoorSectionNeedsARestart() {
        PassgateConfig running = ConfigLoader.defaults(FILE);
        PassgateConfig loaded = ((ConfigResult.Loaded) ConfigLoader.parse("[door]\nheld_open_limit_s = 5\n", FILE))
                .config();

        assertThat(ConfigChanges.needingRestart(running, loaded)).containsExactly("door");
    }
}
