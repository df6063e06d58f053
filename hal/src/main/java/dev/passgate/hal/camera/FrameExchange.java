package dev.passgate.hal.camera;

import dev.passgate.hal.Frame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The hand-over between a frame producer (a camera reading thread) and one consumer, latest frame wins: a double
 * buffer. The producer fills a buffer it got from {@link #spare}, then {@link #publish}es it as the pending frame.
 * The consumer {@link #take}s the pending frame, which gives the buffer of the frame it took before back to the
 * spares. When the producer asks for a buffer while the consumer still reads one frame and the next is pending,
 * the pending frame is dropped and its buffer handed to the producer: the frame about to be filled is newer. So
 * two buffers circulate (one being read, one pending or being filled), at most {@value #BUFFERS} at a time, and the
 * exchange copies no pixel. A producer should therefore ask for a buffer only once the next frame is arriving (it
 * should not hold one while it waits for the camera), or the consumer waits for that frame instead of taking the
 * pending one.
 *
 * <p>Thread-safe for one producer and one consumer. After {@link #close}, {@link #take} returns empty at once.
 */
public final class FrameExchange {
    /** Buffers in circulation: one the consumer reads, one pending or being filled. */
    static final int BUFFERS = 2;

    private final ArrayDeque<byte[]> spares = new ArrayDeque<>();
    private Frame pending;
    private Frame taken;
    private long dropped;
    private long published;
    private boolean closed;

    /**
     * A buffer of at least {@code size} bytes that the producer may fill: a spare one when there is one, else the
     * buffer of the pending frame, which is then dropped, else a new one.
     */
    public synchronized byte[] spare(int size) {
        while (!spares.isEmpty()) {
            byte[] buffer = spares.poll();
            if (buffer.length >= size) {
                return buffer;
            }
        }
        if (pending != null && pending.luma().length >= size) {
            byte[] buffer = pending.luma();
            pending = null;
            dropped++;
            return buffer;
        }
        return new byte[size];
    }

    /** Makes the frame the pending one; an untaken pending frame is dropped and its buffer kept as a spare. */
    public synchronized void publish(Frame frame) {
        if (pending != null) {
            dropped++;
            recycle(pending.luma());
        }
        pending = frame;
        published++;
        notifyAll();
    }

    /** Gives back a buffer the producer got from {@link #spare} but did not publish, e.g. after a short read. */
    public synchronized void giveBack(byte[] buffer) {
        recycle(buffer);
    }

    /** Waits up to {@code timeout} for a pending frame; see {@link dev.passgate.hal.FrameSource#take}. */
    public synchronized Optional<Frame> take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending == null && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        if (closed) {
            return Optional.empty();
        }
        if (taken != null) {
            recycle(taken.luma());
        }
        taken = pending;
        pending = null;
        return Optional.of(taken);
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** Frames published since this exchange was made. */
    public synchronized long published() {
        return published;
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void recycle(byte[] buffer) {
        if (spares.size() < BUFFERS) {
            spares.push(buffer);
        }
    }
}
