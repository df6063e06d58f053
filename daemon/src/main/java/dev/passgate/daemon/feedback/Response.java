package dev.passgate.daemon.feedback;

import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.LightColor;
import java.time.Duration;

/** What the kiosk shows for one verdict: a light colour, a buzzer pattern and how long the door opens. */
public record Response(LightColor light, BuzzerPattern buzzer, Duration relay) {
    public boolean opensDoor() {
        return !relay.isZero() && !relay.isNegative();
    }
}
