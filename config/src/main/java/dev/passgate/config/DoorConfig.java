package dev.passgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The door contact and the exit button: {@code [door]} in the file. The switches themselves (pins, pull,
 * polarity) are configured with the other inputs; this section says what the kiosk does with them.
 *
 * <p>{@code heldOpenLimit} is how long the door may stay open before a "held open" alarm; {@code exitOpen} how long
 * the exit button energises the door relay (at most {@code feedback.gpio.relay.max_on_ms}, checked by the loader);
 * {@code forcedAlarm} the least time the alarm sounds after the door was forced (it goes on while the door stays
 * open); {@code alarmRepeat} how often an alarm's pattern is played again while it sounds. {@code forced} and
 * {@code heldOpen} are the alarm patterns (light, light pattern, buzzer, clip; their relay time is always zero).
 * Whether an admitted holder went through is judged within the relay time of the grant, the time the gate already
 * holds the door open for.
 */
public record DoorConfig(Duration heldOpenLimit, Duration exitOpen, Duration forcedAlarm, Duration alarmRepeat,
                         FeedbackRule forced, FeedbackRule heldOpen) {

    /** The accepted held-open limit in seconds. */
    public static final IntRange HELD_OPEN_LIMIT_S_RANGE = new IntRange(1, 3600);
    /** The accepted exit-button opening time in milliseconds, before the cap of the relay's max on-time. */
    public static final IntRange EXIT_OPEN_MS_RANGE = new IntRange(100, 30_000);
    /** The accepted least length of the forced-door alarm in seconds. */
    public static final IntRange FORCED_ALARM_S_RANGE = new IntRange(1, 600);
    /** The accepted repeat period of an alarm pattern in milliseconds. */
    public static final IntRange ALARM_REPEAT_MS_RANGE = new IntRange(500, 10_000);
    /** The held-open limit used when the file names none. */
    public static final Duration DEFAULT_HELD_OPEN_LIMIT = Duration.ofSeconds(30);
    /** The exit-button opening time used when the file names none. */
    public static final Duration DEFAULT_EXIT_OPEN = Duration.ofMillis(5000);
    /** The least length of the forced-door alarm used when the file names none. */
    public static final Duration DEFAULT_FORCED_ALARM = Duration.ofSeconds(10);
    /** The repeat period of an alarm pattern used when the file names none. */
    public static final Duration DEFAULT_ALARM_REPEAT = Duration.ofMillis(2000);
    /** The forced-door alarm when the file does not say: red flashing, long tone. */
    public static final FeedbackRule DEFAULT_FORCED = new FeedbackRule(Light.RED, Tone.LONG, Duration.ZERO,
            LightPattern.FLASH, Clip.NONE);
    /** The held-open alarm when the file does not say: amber blinking, double tone. */
    public static final FeedbackRule DEFAULT_HELD_OPEN = new FeedbackRule(Light.AMBER, Tone.DOUBLE, Duration.ZERO,
            LightPattern.BLINK, Clip.NONE);
    /** The door section with every value at its default. */
    public static final DoorConfig DEFAULTS = new DoorConfig(DEFAULT_HELD_OPEN_LIMIT, DEFAULT_EXIT_OPEN,
            DEFAULT_FORCED_ALARM, DEFAULT_ALARM_REPEAT, DEFAULT_FORCED, DEFAULT_HELD_OPEN);

    /** Rejects a value out of its range, a missing alarm, or an alarm that would open the door. */
    public DoorConfig {
        if (heldOpenLimit == null || !HELD_OPEN_LIMIT_S_RANGE.contains(heldOpenLimit.toSeconds())
                || heldOpenLimit.toSeconds() * 1000 != heldOpenLimit.toMillis()) {
            throw new IllegalArgumentException("heldOpenLimit: found " + heldOpenLimit + ", expected "
                    + HELD_OPEN_LIMIT_S_RANGE + " whole seconds");
        }
        EXIT_OPEN_MS_RANGE.checkMillis("exitOpen", exitOpen);
        if (forcedAlarm == null || !FORCED_ALARM_S_RANGE.contains(forcedAlarm.toSeconds())) {
            throw new IllegalArgumentException("forcedAlarm: found " + forcedAlarm + ", expected "
                    + FORCED_ALARM_S_RANGE + " s");
        }
        ALARM_REPEAT_MS_RANGE.checkMillis("alarmRepeat", alarmRepeat);
        for (FeedbackRule alarm : new FeedbackRule[] {Objects.requireNonNull(forced, "forced"),
                Objects.requireNonNull(heldOpen, "heldOpen")}) {
            if (!alarm.relay().isZero()) {
                throw new IllegalArgumentException("alarm relay: found " + alarm.relay() + ", expected zero");
            }
        }
    }
}
