package dev.passgate.hal;

import java.time.Duration;
import java.util.Optional;

/**
 * A camera as passgate uses it: a stream of luminance {@link Frame}s that one consumer thread takes, newest first.
 * The source produces frames on its own thread from {@link #start}; a frame that arrives while the previous one has
 * not been taken replaces it (the older one is counted in {@link #dropped}), so a slow consumer always gets the
 * newest frame and never a backlog. No frame is copied between the device and the consumer: the source cycles a
 * few buffers, and a frame's buffer goes back to the source when the consumer takes its next frame.
 *
 * <p>A source survives its camera going away and coming back: it reopens the device with a backoff and reports
 * the state in {@link #health}. {@link #close} stops production and wakes a waiting {@link #take}.
 */
public interface FrameSource extends AutoCloseable {
    String name();

    void start();

    /**
     * Waits up to {@code timeout} for a frame newer than the one taken last, and returns it; empty when none came
     * in time or the source is closed. Taking a frame gives the previous one's buffer back to the source. Only one
     * thread may take frames.
     */
    Optional<Frame> take(Duration timeout) throws InterruptedException;

    /** A short word for a technician about the camera's state, e.g. "STREAMING" or "DISCONNECTED". */
    String health();

    /** Frames replaced by a newer one before they were taken, since start. */
    long dropped();

    @Override
    void close();
}
