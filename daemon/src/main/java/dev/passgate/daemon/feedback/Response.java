package dev.passgate.daemon.feedback;

import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.LightSequence;
import dev.passgate.hal.SoundClip;
import java.time.Duration;

/**
 * What the kiosk shows for one verdict: a light colour (shown as {@code lightSequence} while held), a buzzer
 * pattern, how long the door opens, and the speaker's clip.
 */
public record Response(LightColor light, BuzzerPattern buzzer, Duration relay, LightSequence lightSequence,
                       SoundClip clip) {
    /** A steady light and no clip. */
    public Response(LightColor light, BuzzerPattern buzzer, Duration relay) {
        this(light, buzzer, relay, LightSequence.steady(light), SoundClip.NONE);
    }

    public boolean opensDoor() {
        return !relay.isZero() && !relay.isNegative();
    }
}
