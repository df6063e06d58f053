package dev.passgate.hal.camera;

import dev.passgate.hal.Frame;
import dev.passgate.hal.FrameSource;
import dev.passgate.hal.scan.ReaderLoop;
import dev.passgate.hal.timing.StateWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Camera frames read from an {@code ffmpeg} child process: ffmpeg captures the camera (or plays a file, see
 * {@link FfmpegSettings}) and writes raw 8-bit gray frames to its standard output, which this class reads, exactly
 * {@code width * height} bytes per frame, into the buffers of a {@link FrameExchange} (a frame's first 8 KiB
 * through a small buffer of its own, so that a pending frame stays available until the next one arrives). ffmpeg is
 * started from an argument list, never through a shell.
 *
 * <p>Three daemon threads run while ffmpeg does: a supervisor, a reader for standard output and a drainer for
 * standard error, which keeps only the last {@value #STDERR_LINES} lines of at most {@value #STDERR_LINE_CHARS}
 * characters for the log. The supervisor ends ffmpeg when the source is closed, when the device file disappears,
 * or when no frame came for {@link FfmpegSettings#stallTimeout}. Whenever ffmpeg ends, or cannot start, or the
 * device file is missing, the source waits and starts it again: first after {@code reopenInterval}, then twice as
 * long after each run that produced no frame, up to {@value FfmpegSettings#MAX_BACKOFF_FACTOR} times the interval.
 * A partial frame at the end of a run is dropped; as the pending frame's buffer may already hold its first bytes,
 * the last complete frame before it is then dropped too.
 *
 * <p>Not guaranteed: that frames the camera captured while the pipe was full or ffmpeg was restarting are seen.
 * Wall time is never used; frames are stamped with the injected monotonic {@code nanoTime}.
 */
public final class FfmpegFrameSource implements FrameSource {
    /** Connection state; {@code DISCONNECTED} covers "not there yet", "went away" and "ffmpeg missing". */
    public enum State {
        NOT_STARTED, STARTING, STREAMING, DISCONNECTED, CLOSED
    }

    static final int STDERR_LINES = 20;
    static final int STDERR_LINE_CHARS = 200;
    private static final long CHECK_MILLIS = 100;
    /**
     * Bytes asked of the pipe per read. The JDK reads up to 8 KiB through a buffer on the stack; a larger read
     * mallocs a native buffer of the whole length first (900 KiB for a 1280x720 frame, several times per frame,
     * as a pipe hands over at most 64 KiB at a time), which glibc then keeps in the reading thread's arena.
     */
    static final int READ_CHUNK = 8192;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private final String name;
    private final FfmpegSettings settings;
    private final LongSupplier nanoTime;
    private final FrameExchange exchange = new FrameExchange();
    private final ReaderLoop loop;
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final StateWatch<State> state = new StateWatch<>(State.NOT_STARTED, State.CLOSED);
    private volatile Process current;
    private volatile long lastFrameNanos;
    private long sequence;
    private int runs;

    public FfmpegFrameSource(String name, FfmpegSettings settings, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.loop = new ReaderLoop("frame source " + name);
    }

    @Override
    public String name() {
        return name;
    }

    public FfmpegSettings settings() {
        return settings;
    }

    @Override
    public synchronized void start() {
        loop.start("passgate-camera-" + name, () -> { }, this::supervise);
    }

    @Override
    public Optional<Frame> take(Duration timeout) throws InterruptedException {
        return exchange.take(timeout);
    }

    @Override
    public String health() {
        return state().name();
    }

    @Override
    public long dropped() {
        return exchange.dropped();
    }

    /** Frames read from ffmpeg since start, over every run. */
    public long frames() {
        return exchange.published();
    }

    /** How many times ffmpeg was started. */
    public synchronized int runs() {
        return runs;
    }

    /** Whether ffmpeg and the device look usable now; see {@link Presence#ofFfmpeg}. */
    public Presence presence() {
        return Presence.ofFfmpeg(settings);
    }

    public State state() {
        return state.get();
    }

    /** Waits until the source is in the wanted state; true if it got there within the timeout. */
    public boolean awaitState(State wanted, Duration timeout) throws InterruptedException {
        return state.await(wanted, timeout);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!loop.beginClose()) {
                return;
            }
        }
        exchange.close();
        Process process = current;
        if (process != null) {
            process.destroy();
        }
        if (!loop.join(CLOSE_WAIT)) {
            Logger.warn("Camera {} did not stop within {} ms", name, CLOSE_WAIT.toMillis());
        }
        if (process != null) {
            process.destroyForcibly();
        }
        setState(State.CLOSED);
    }

    private void supervise() {
        long backoff = settings.reopenInterval().toNanos();
        long maxBackoff = backoff * FfmpegSettings.MAX_BACKOFF_FACTOR;
        boolean reported = false;
        while (running()) {
            setState(State.STARTING);
            long framesBefore = exchange.published();
            String reason = runOnce();
            if (reason == null) {
                break;
            }
            boolean streamed = exchange.published() > framesBefore;
            if (streamed) {
                backoff = settings.reopenInterval().toNanos();
                reported = false;
            }
            setState(State.DISCONNECTED);
            String tail = stderrTail();
            if (!reported) {
                Logger.warn("Camera {} stopped ({}){}; reopening every {} ms or less often", name, reason,
                        tail.isEmpty() ? "" : ", ffmpeg said: " + tail, settings.reopenInterval().toMillis());
                reported = true;
            } else {
                Logger.debug("Camera {} still not available ({}){}", name, reason,
                        tail.isEmpty() ? "" : ", ffmpeg said: " + tail);
            }
            waitBeforeReopening(backoff);
            backoff = Math.min(maxBackoff, backoff * 2);
        }
        Logger.info("Camera {} stopped", name);
    }

    /** Runs ffmpeg once; returns why it ended, or null when the source was closed. */
    private String runOnce() {
        if (settings.device().isPresent() && !Files.exists(settings.device().get())) {
            return "device " + settings.device().get() + " does not exist";
        }
        Process process;
        try {
            process = new ProcessBuilder(settings.command()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            return "ffmpeg could not start: " + e.getMessage();
        }
        synchronized (this) {
            runs++;
            stderrTail.clear();
        }
        current = process;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            Logger.debug("Closing the standard input of ffmpeg for {} failed: {}", name, e.getMessage());
        }
        if (!running()) {
            process.destroy();
            return null;
        }
        Thread reader = daemon(() -> readFrames(process.getInputStream()), "passgate-camera-read-" + name);
        Thread drainer = daemon(() -> drainStderr(process.getErrorStream()), "passgate-camera-stderr-" + name);
        String reason = watch(process);
        join(reader);
        join(drainer);
        current = null;
        return reason;
    }

    private String watch(Process process) {
        lastFrameNanos = nanoTime.getAsLong();
        long stall = settings.stallTimeout().toNanos();
        try {
            while (true) {
                if (process.waitFor(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return running() ? "ffmpeg exited with status " + process.exitValue() : null;
                }
                if (!running()) {
                    process.destroy();
                    return null;
                }
                if (settings.device().isPresent() && !Files.exists(settings.device().get())) {
                    process.destroy();
                    return "device file " + settings.device().get() + " is gone";
                }
                if (nanoTime.getAsLong() - lastFrameNanos > stall) {
                    process.destroy();
                    return "no frame for " + settings.stallTimeout().toMillis() + " ms";
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return null;
        }
    }

    /**
     * Reads frames until the pipe ends. The wait for a frame's first bytes is done into a small buffer of its own:
     * a frame buffer is taken from the exchange only once the frame is arriving, so that the frame pending
     * meanwhile stays there for the consumer (see {@link FrameExchange}).
     */
    private void readFrames(InputStream in) {
        int size = settings.frameBytes();
        byte[] head = new byte[Math.min(size, READ_CHUNK)];
        byte[] buffer = null;
        try (in) {
            int started;
            while ((started = in.read(head, 0, head.length)) >= 0) {
                buffer = exchange.spare(size);
                System.arraycopy(head, 0, buffer, 0, started);
                if (!readRest(in, buffer, started, size)) {
                    break;
                }
                long now = nanoTime.getAsLong();
                lastFrameNanos = now;
                setState(State.STREAMING);
                exchange.publish(new Frame(settings.width(), settings.height(), buffer, now, ++sequence));
                buffer = null;
            }
        } catch (IOException e) {
            Logger.debug("Reading frames of {} ended: {}", name, e.getMessage());
        }
        if (buffer != null) {
            exchange.giveBack(buffer);
        }
    }

    /** Fills {@code buffer} from {@code filled} to {@code size}; false when the pipe ended first. */
    private static boolean readRest(InputStream in, byte[] buffer, int filled, int size) throws IOException {
        while (filled < size) {
            int n = in.read(buffer, filled, Math.min(size - filled, READ_CHUNK));
            if (n < 0) {
                return false;
            }
            filled += n;
        }
        return true;
    }

    private void drainStderr(InputStream err) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = lines.read()) >= 0) {
                if (c == '\n' || c == '\r') {
                    keepLine(line);
                } else if (line.length() < STDERR_LINE_CHARS) {
                    line.append((char) c);
                }
            }
            keepLine(line);
        } catch (IOException e) {
            Logger.debug("Reading the standard error of ffmpeg for {} ended: {}", name, e.getMessage());
        }
    }

    private synchronized void keepLine(StringBuilder line) {
        String text = line.toString().strip();
        line.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        if (stderrTail.size() == STDERR_LINES) {
            stderrTail.removeFirst();
        }
        stderrTail.addLast(text);
    }

    /** The last lines ffmpeg wrote to standard error in its latest run, joined with " | ". */
    public synchronized String stderrTail() {
        return String.join(" | ", List.copyOf(stderrTail));
    }

    private boolean running() {
        return loop.running();
    }

    private void waitBeforeReopening(long nanos) {
        loop.pause(Duration.ofNanos(nanos));
    }

    private static Thread daemon(Runnable task, String threadName) {
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void setState(State next) {
        state.moveTo(next);
    }
}
