package dev.passgate.config;

import java.time.Duration;
import java.util.List;

/**
 * The schema of {@code [door]}: the held-open limit, the exit button's opening time, the alarms' timing and their
 * patterns ({@code [door.forced_alarm]}, {@code [door.held_open_alarm]}: {@code light}, {@code light_pattern},
 * {@code buzzer}, {@code clip}, as in a verdict rule but without a relay time). Across sections it checks that
 * a written {@code door.exit_open_ms} is at most {@code feedback.gpio.relay.max_on_ms}; left out, it is the default
 * or that cap, whichever is shorter.
 */
final class DoorReader {
    private static final String DOOR = "door";
    private static final String EXIT_OPEN = "door.exit_open_ms";
    private static final String MAX_ON = "feedback.gpio.relay.max_on_ms";
    private static final List<String> ALARM_KEYS = List.of("light", "light_pattern", "buzzer", "clip");

    private final TomlFields fields;

    DoorReader(TomlFields fields) {
        this.fields = fields;
    }

    /** Reads {@code [door]}; {@code maxOn} is the relay's cap from {@code [feedback]}. */
    DoorConfig door(Duration maxOn) {
        fields.table(DOOR, List.of("held_open_limit_s", "exit_open_ms", "forced_alarm_s", "alarm_repeat_ms",
                "forced_alarm", "held_open_alarm"));
        DoorConfig d = DoorConfig.DEFAULTS;
        Duration heldOpen = Duration.ofSeconds(fields.integer("door.held_open_limit_s",
                DoorConfig.HELD_OPEN_LIMIT_S_RANGE, (int) d.heldOpenLimit().toSeconds()));
        Duration exitOpen = fields.millis(EXIT_OPEN, DoorConfig.EXIT_OPEN_MS_RANGE,
                d.exitOpen().compareTo(maxOn) > 0 ? maxOn : d.exitOpen());
        Duration forcedAlarm = Duration.ofSeconds(fields.integer("door.forced_alarm_s",
                DoorConfig.FORCED_ALARM_S_RANGE, (int) d.forcedAlarm().toSeconds()));
        Duration repeat = fields.millis("door.alarm_repeat_ms", DoorConfig.ALARM_REPEAT_MS_RANGE, d.alarmRepeat());
        FeedbackRule forced = alarm("door.forced_alarm", d.forced());
        FeedbackRule held = alarm("door.held_open_alarm", d.heldOpen());
        if (fields.written(EXIT_OPEN) && !fields.failed(EXIT_OPEN) && !fields.failed(MAX_ON)
                && exitOpen.compareTo(maxOn) > 0) {
            fields.fail(EXIT_OPEN, String.valueOf(exitOpen.toMillis()), "at most " + MAX_ON + " = "
                    + maxOn.toMillis());
        }
        return new DoorConfig(heldOpen, exitOpen, forcedAlarm, repeat, forced, held);
    }

    private FeedbackRule alarm(String key, FeedbackRule fallback) {
        fields.table(key, ALARM_KEYS);
        return new FeedbackRule(
                fields.choice(key + ".light", FeedbackReader.lowerCaseNames(Light.values()), fallback.light()),
                fields.choice(key + ".buzzer", FeedbackReader.lowerCaseNames(Tone.values()), fallback.buzzer()),
                Duration.ZERO,
                fields.choice(key + ".light_pattern", FeedbackReader.lowerCaseNames(LightPattern.values()),
                        fallback.lightPattern()),
                fields.choice(key + ".clip", FeedbackReader.lowerCaseNames(Clip.values()), fallback.clip()));
    }
}
