package dev.passgate.hal;

/**
 * The kiosk's buzzer. {@link #play} starts a pattern and returns at once; a new pattern replaces the one
 * still playing. {@link #close} silences the buzzer and releases the hardware.
 */
public interface Buzzer extends AutoCloseable {
    void play(BuzzerPattern pattern);

    @Override
    void close();
}
