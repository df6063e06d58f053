package dev.passgate.hal.pi4j;

import com.pi4j.context.Context;
import dev.passgate.hal.Buzzer;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.Delays;
import dev.passgate.hal.timing.PatternPlayer;
import org.tinylog.Logger;

/**
 * A buzzer on one GPIO output, switched on and off per pattern step by a {@link PatternPlayer} timed through
 * {@link Delays}; a new pattern cancels the one playing. Silent from construction, silenced by {@link #close}
 * and by a Pi4J context shutdown. Thread-safe. Not guaranteed: step timing finer than the {@code Delays} allow.
 */
public final class Pi4jBuzzer implements Buzzer {
    private final Pi4jPin pin;
    private final PatternPlayer player;

    public Pi4jBuzzer(Context pi4j, PinSpec pin, Delays delays) {
        this.pin = Pi4jPin.open(pi4j, "buzzer", pin);
        this.player = new PatternPlayer(delays, this.pin::set);
        Logger.info("Buzzer on GPIO BCM {}", pin.bcm());
    }

    @Override
    public void play(BuzzerPattern pattern) {
        player.play(pattern);
    }

    @Override
    public void close() {
        // After the player is closed it no longer touches the pin, so closing the pin here cannot race it.
        player.close();
        pin.close();
    }
}
