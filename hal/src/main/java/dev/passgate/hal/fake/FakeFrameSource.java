package dev.passgate.hal.fake;

import dev.passgate.hal.Frame;
import dev.passgate.hal.FrameSource;
import dev.passgate.hal.camera.FrameExchange;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A camera driven by the test: {@link #push} hands a frame over as the real sources do (latest frame wins, through
 * the same {@link FrameExchange}), stamped with the timeline's clock, and records {@code "push"} on the
 * {@link Timeline} under the source's name, plus {@code "drop"} when the push replaced a frame nobody took. Pushing
 * before {@link #start} is allowed (the frame waits); after {@link #close} nothing more is taken. The pixels are
 * the test's own array, not copied. Thread-safe.
 */
public final class FakeFrameSource implements FrameSource {
    private final String name;
    private final Timeline timeline;
    private final FrameExchange exchange = new FrameExchange();
    private String health = "NOT_STARTED";
    private long sequence;

    public FakeFrameSource(String name, Timeline timeline) {
        this.name = Objects.requireNonNull(name, "name");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        health = "STREAMING";
        timeline.record(name, "start");
    }

    /** Pushes a frame of the given luminance, stamped now; returns it. */
    public Frame push(int width, int height, byte[] luma) {
        Frame frame;
        synchronized (this) {
            frame = new Frame(width, height, luma, timeline.nanoTime(), ++sequence);
        }
        return push(frame);
    }

    /** Pushes the frame as it is, e.g. one stamped with a chosen time. */
    public synchronized Frame push(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        long droppedBefore = exchange.dropped();
        timeline.record(name, "push");
        exchange.publish(frame);
        if (exchange.dropped() > droppedBefore) {
            timeline.record(name, "drop");
        }
        return frame;
    }

    @Override
    public Optional<Frame> take(Duration timeout) throws InterruptedException {
        return exchange.take(timeout);
    }

    @Override
    public synchronized String health() {
        return health;
    }

    /** Sets what {@link #health} reports, e.g. "DISCONNECTED" to play an unplugged camera. */
    public synchronized void health(String state) {
        health = Objects.requireNonNull(state, "state");
    }

    @Override
    public long dropped() {
        return exchange.dropped();
    }

    @Override
    public synchronized void close() {
        health = "CLOSED";
        exchange.close();
        timeline.record(name, "close");
    }
}
