package dev.passgate.hal.scan;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The life of one reader thread, shared by every source that reads a device on its own thread (serial port,
 * keyboard wedge, camera pipe, frame decoder): start it once, let its body ask whether to go on and wait between
 * reopening attempts so that closing cuts the wait short, then on close signal it and join it for a bounded time.
 * The body owns what it opens and its log lines; this class owns only the thread and the closing signal. The
 * connection state that other threads wait for is a {@link dev.passgate.hal.timing.StateWatch} next to it.
 * Thread-safe.
 *
 * <p>Not guaranteed: that the thread ends within the join time; a body blocked in a read that does not time out
 * keeps running until that read returns.
 */
public final class ReaderLoop {
    private final String kind;
    private final CountDownLatch closing = new CountDownLatch(1);
    private Thread thread;

    /** {@code kind} names the source in the "already started or closed" error, e.g. "scan source serial:/dev/x". */
    public ReaderLoop(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Runs {@code prepare} on the caller's thread (e.g. to set up where the body delivers), then starts
     * {@code body} on a new daemon thread, which sees everything {@code prepare} did. A loop already started or
     * closed is a caller's bug: nothing is run and an {@link IllegalStateException} is thrown.
     */
    public synchronized void start(String threadName, Runnable prepare, Runnable body) {
        if (thread != null || closing.getCount() == 0) {
            throw new IllegalStateException(kind + " was already started or closed");
        }
        prepare.run();
        thread = new Thread(body, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the body should go on: not closing, and its thread not interrupted. */
    public boolean running() {
        return closing.getCount() > 0 && !Thread.currentThread().isInterrupted();
    }

    /** Whether closing began. */
    public boolean closing() {
        return closing.getCount() == 0;
    }

    /**
     * Waits for {@code time} or until closing begins, whichever is first: the pause before reopening a device.
     * Returns false when closing began (or the thread was interrupted, whose flag is set again).
     */
    public boolean pause(Duration time) {
        try {
            return !closing.await(time.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Begins closing; true for the call that began it, false when it had begun before. */
    public synchronized boolean beginClose() {
        if (closing.getCount() == 0) {
            return false;
        }
        closing.countDown();
        return true;
    }

    /**
     * Waits up to {@code wait} for the thread to end, unless called from the thread itself or before a start;
     * true when it ended (or there is none to wait for). An interrupt ends the wait and keeps the flag set.
     */
    public boolean join(Duration wait) {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null || running == Thread.currentThread()) {
            return true;
        }
        try {
            running.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !running.isAlive();
    }
}
