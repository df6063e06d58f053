package dev.passgate.hal.pi4j;

import com.pi4j.context.Context;
import dev.passgate.hal.Delays;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.timing.PulseTimer;
import java.time.Duration;
import org.tinylog.Logger;

/**
 * The door-strike relay on one GPIO output. A pulse energises it and a {@link PulseTimer} releases it after
 * min(duration, maxOn), so a wrong duration can never hold the door open for longer than {@code maxOn}; a pulse
 * of zero does nothing. Released from construction, by {@link #close} and by a Pi4J context shutdown.
 * Thread-safe. Not guaranteed: that the door opened, or release timing finer than the {@code Delays} allow.
 */
public final class Pi4jDoorRelay implements DoorRelay {
    private final Pi4jPin pin;
    private final PulseTimer timer;

    public Pi4jDoorRelay(Context pi4j, PinSpec pin, Duration maxOn, Delays delays) {
        this.pin = Pi4jPin.open(pi4j, "relay", pin);
        try {
            this.timer = new PulseTimer(delays, maxOn, new PulseTimer.Coil() {
                @Override
                public void energise(Duration onFor) {
                    Pi4jDoorRelay.this.pin.set(true);
                }

                @Override
                public void release() {
                    Pi4jDoorRelay.this.pin.set(false);
                }
            });
        } catch (RuntimeException e) {
            this.pin.close();
            throw e;
        }
        Logger.info("Door relay on GPIO BCM {}, at most {} ms per pulse", pin.bcm(), maxOn.toMillis());
    }

    @Override
    public void pulse(Duration duration) {
        timer.pulse(duration);
    }

    @Override
    public void close() {
        // After the timer is closed it no longer touches the pin, so closing the pin here cannot race it.
        timer.close();
        pin.close();
    }
}
