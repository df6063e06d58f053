package dev.passgate.hal.pi4j;

import com.pi4j.context.Context;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.StatusLight;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * A two-LED status light on two GPIO outputs: GREEN lights the green LED, RED the red one, AMBER both, OFF none.
 * Both pins are off from construction, are left off by {@link #close} and go off if the Pi4J context shuts down
 * first. Calls after close are ignored. Thread-safe. Not guaranteed: that the LEDs are wired as configured.
 */
public final class Pi4jStatusLight implements StatusLight {
    private final Pi4jPin green;
    private final Pi4jPin red;
    private boolean closed;

    public Pi4jStatusLight(Context pi4j, PinSpec green, PinSpec red) {
        this.green = Pi4jPin.open(pi4j, "light-green", green);
        try {
            this.red = Pi4jPin.open(pi4j, "light-red", red);
        } catch (RuntimeException e) {
            this.green.close();
            throw e;
        }
        Logger.info("Status light on GPIO BCM {} (green) and {} (red)", green.bcm(), red.bcm());
    }

    @Override
    public synchronized void show(LightColor color) {
        Objects.requireNonNull(color, "color");
        if (closed) {
            return;
        }
        green.set(color == LightColor.GREEN || color == LightColor.AMBER);
        red.set(color == LightColor.RED || color == LightColor.AMBER);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        green.close();
        red.close();
    }
}
