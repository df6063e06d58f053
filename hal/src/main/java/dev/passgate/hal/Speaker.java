package dev.passgate.hal;

/**
 * The kiosk's speaker. {@link #play} starts a clip and returns at once; a new clip cuts off the one still
 * playing, and {@link SoundClip#NONE} only silences. A missing or failing audio device is a degraded state that
 * {@link #health} reports ("NO_AUDIO_DEVICE: ..."), never an exception from {@code play}. {@link #close} stops
 * the sound and releases the device; calls after it are ignored.
 */
public interface Speaker extends AutoCloseable {
    void play(SoundClip clip);

    /** A short phrase for a technician: {@code "OK"}, {@code "NO_AUDIO_DEVICE: reason"} or {@code "CLOSED"}. */
    String health();

    @Override
    void close();
}
