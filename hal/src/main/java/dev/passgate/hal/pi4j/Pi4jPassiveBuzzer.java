package dev.passgate.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import dev.passgate.hal.Buzzer;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.Delays;
import dev.passgate.hal.timing.PatternPlayer;
import java.util.List;
import org.tinylog.Logger;

/**
 * A passive buzzer (a bare piezo or magnetic transducer) on a hardware PWM channel: each on-step of a pattern
 * sounds a 50 % square wave at the base frequency times the step's pitch, timed by the same {@link PatternPlayer}
 * as every buzzer. The channel is found from the BCM pin (12 and 18 are channel 0, 13 and 19 channel 1, as on the
 * Raspberry Pi 0 to 4 with the {@code pwm-2chan} overlay) and created on the context's PWM provider (Pi4J's linuxfs
 * provider on the Pi, its mock in tests). Silent from construction, after each pattern, on {@link #close} and
 * at context shutdown. Thread-safe. Not guaranteed: the exact frequency, which the PWM clock rounds.
 */
public final class Pi4jPassiveBuzzer implements Buzzer {
    /** BCM pins with a hardware PWM channel. */
    public static final List<Integer> PWM_PINS = List.of(12, 13, 18, 19);

    private final Context pi4j;
    private final Pwm pwm;
    private final int baseHz;
    private final PatternPlayer player;
    private boolean closed;

    public Pi4jPassiveBuzzer(Context pi4j, int bcm, int baseHz, Delays delays) {
        if (!PWM_PINS.contains(bcm)) {
            throw new IllegalArgumentException("a passive buzzer needs a hardware PWM pin " + PWM_PINS + ", found "
                    + bcm);
        }
        this.pi4j = pi4j;
        this.baseHz = baseHz;
        this.pwm = pi4j.create(Pwm.newConfigBuilder(pi4j)
                .id(Pi4jPin.idOf("buzzer-pwm"))
                .name("passgate passive buzzer")
                .address(channelOf(bcm))
                .pwmType(PwmType.HARDWARE)
                .frequency(baseHz)
                .dutyCycle(0)
                .initial(0)
                .shutdown(0)
                .build());
        this.player = PatternPlayer.withPitches(delays, this::sound);
        Logger.info("Passive buzzer on GPIO BCM {} (PWM channel {}), {} Hz", bcm, channelOf(bcm), baseHz);
    }

    /** The hardware PWM channel of a BCM pin. */
    static int channelOf(int bcm) {
        return bcm == 12 || bcm == 18 ? 0 : 1;
    }

    @Override
    public void play(BuzzerPattern pattern) {
        player.play(pattern);
    }

    @Override
    public void close() {
        player.close();
        synchronized (this) {
            if (!closed) {
                closed = true;
                try {
                    if (!pi4j.isShutdown() && pi4j.registry().exists(pwm.id())) {
                        pi4j.shutdown(pwm.id());
                    }
                } catch (RuntimeException e) {
                    Logger.warn(e, "PWM channel of the buzzer could not be released cleanly");
                }
            }
        }
    }

    private synchronized void sound(double pitch) {
        if (closed) {
            return;
        }
        if (pitch > 0) {
            pwm.on(50, (int) Math.round(baseHz * pitch));
        } else {
            pwm.off();
        }
    }
}
