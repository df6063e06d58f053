package dev.passgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What the kiosk does for one verdict: {@code [feedback.verdicts.CODE]} (or {@code [feedback.reasons.PREFIX]}) in
 * the file. {@code relay} is how long the door relay is energised; {@link Duration#ZERO} means the door stays
 * shut. {@code lightPattern} says how the colour is shown while held, {@code clip} what the speaker plays.
 */
public record FeedbackRule(Light light, Tone buzzer, Duration relay, LightPattern lightPattern, Clip clip) {

    /** The accepted relay time in milliseconds, before the cap of {@link RelayConfig#maxOn()}. */
    public static final IntRange RELAY_MS_RANGE = new IntRange(0, 30_000);

    /** A rule with a steady light and no clip. */
    public FeedbackRule(Light light, Tone buzzer, Duration relay) {
        this(light, buzzer, relay, LightPattern.STEADY, Clip.NONE);
    }

    /** Rejects a missing value or a relay time outside {@link #RELAY_MS_RANGE}. */
    public FeedbackRule {
        Objects.requireNonNull(light, "light");
        Objects.requireNonNull(buzzer, "buzzer");
        RELAY_MS_RANGE.checkMillis("relay", relay);
        Objects.requireNonNull(lightPattern, "lightPattern");
        Objects.requireNonNull(clip, "clip");
    }

    /** A copy that plays another clip. */
    public FeedbackRule withClip(Clip other) {
        return new FeedbackRule(light, buzzer, relay, lightPattern, other);
    }
}
