package dev.passgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What the kiosk does for one verdict: {@code [feedback.verdicts.CODE]} in the file. {@code relay} is how long
 * the door relay is energised; {@link Duration#ZERO} means the door stays shut.
 */
public record FeedbackRule(Light light, Tone buzzer, Duration relay) {

    /** The accepted relay time in milliseconds, before the cap of {@link RelayConfig#maxOn()}. */
    public static final IntRange RELAY_MS_RANGE = new IntRange(0, 30_000);

    /** Rejects a missing value or a relay time outside {@link #RELAY_MS_RANGE}. */
    public FeedbackRule {
        Objects.requireNonNull(light, "light");
        Objects.requireNonNull(buzzer, "buzzer");
        RELAY_MS_RANGE.checkMillis("relay", relay);
    }
}
