package dev.passgate.hal;

/**
 * The kiosk's status light. {@link #show} switches to a steady colour that stays until the next call.
 * {@link #close} leaves the light off and releases the hardware; calls after close are ignored.
 */
public interface StatusLight extends AutoCloseable {
    void show(LightColor color);

    @Override
    void close();
}
