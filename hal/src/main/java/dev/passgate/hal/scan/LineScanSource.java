package dev.passgate.hal.scan;

import dev.passgate.hal.ScanSource;
import dev.passgate.hal.ScannedCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Codes from a text stream, one per line: standard input for {@code passgate demo}, or a keyboard-wedge reader
 * seen as a terminal. The stream is decoded as UTF-8 (malformed bytes become U+FFFD) and cut by a
 * {@link CodeFramer} with {@link Framing#LF}: LF or CR LF ends a line, empty lines are skipped, and a line longer
 * than {@code maxLength} is delivered once, cut to {@code maxLength} and marked over-length, while the rest of it is
 * read and dropped without being stored. A last line without a terminator is delivered at end of input.
 *
 * <p>Reading runs on its own daemon thread from {@link #start}; end of input or a read error ends it, and
 * {@link #awaitEnd} tells when. {@link #close} stops delivery at once and closes the stream, but cannot always
 * interrupt a thread blocked reading a terminal; that thread then ends at the next input or at JVM exit.
 * Logs never contain the text of a line.
 */
public final class LineScanSource implements ScanSource {
    private static final int CHUNK = 1024;

    private final String name;
    private final InputStream in;
    private final int maxLength;
    private final LongSupplier nanoTime;
    private final CountDownLatch ended = new CountDownLatch(1);
    private SinkGate gate;
    private volatile boolean closing;

    public LineScanSource(String name, InputStream in, int maxLength, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        this.in = Objects.requireNonNull(in, "in");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum code length of " + name + " must be at least 1, found "
                    + maxLength);
        }
        this.maxLength = maxLength;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(Consumer<ScannedCode> sink) {
        if (gate != null || closing) {
            throw new IllegalStateException("scan source " + name + " was already started or closed");
        }
        gate = new SinkGate(name, sink);
        Thread thread = new Thread(this::run, "passgate-scan-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the input ended (or failed, or the source was closed); true if it did within the timeout. */
    @Override
    public String health() {
        try {
            return awaitEnd(Duration.ZERO) ? "ENDED" : "READING";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "READING";
        }
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        closing = true;
        SinkGate started;
        synchronized (this) {
            started = gate;
        }
        if (started != null) {
            started.close();
        }
        try {
            in.close();
        } catch (IOException e) {
            Logger.debug("Closing the input of scan source {} failed: {}", name, e.getMessage());
        }
        if (started == null) {
            ended.countDown();
        }
    }

    private void run() {
        CodeFramer framer = new CodeFramer(name, Framing.LF, maxLength, gate::deliver);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] chunk = new char[CHUNK];
        try {
            int n;
            while ((n = reader.read(chunk)) != -1) {
                long now = nanoTime.getAsLong();
                for (int i = 0; i < n; i++) {
                    framer.accept(chunk[i], now);
                }
            }
            framer.endCode();
            Logger.info("Scan source {} reached end of input", name);
        } catch (IOException e) {
            if (closing) {
                Logger.debug("Scan source {} stopped after close", name);
            } else {
                Logger.warn("Scan source {} stopped: read failed with {}", name, e.getClass().getSimpleName());
            }
        } finally {
            ended.countDown();
        }
    }
}
