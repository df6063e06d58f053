package dev.passgate.hal.camera;

import dev.passgate.hal.Frame;
import dev.passgate.hal.FrameSource;
import dev.passgate.hal.ScanSource;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.scan.ReaderLoop;
import dev.passgate.hal.scan.SinkGate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Codes read by a camera: frames from a {@link FrameSource}, each given to a {@link FrameDecoder} on this source's
 * own daemon thread, and every code found delivered as a {@link ScannedCode} stamped with its frame's monotonic
 * time (so the gate's latency counts from the moment the frame was complete).
 *
 * <p>Frames are never queued: while the decoder works on one frame, newer frames replace each other in the frame
 * source and only the newest is decoded next (see {@link FrameSource#take}). A code held in view is delivered once
 * per {@code repeatInterval} ({@link RepeatFilter}, by frame time). A text longer than {@code maxLength} is cut to
 * it and marked over-length. A decoder that throws is logged by exception type only and the frame skipped.
 * After {@link #close} returns no code is delivered. Logs never contain scanned text.
 */
public final class CameraScanSource implements ScanSource {
    private static final Duration TAKE_WAIT = Duration.ofMillis(250);

    /** What the camera path did since start, for status pages and benchmarks. */
    public record Counts(long decoded, long found, long delivered, long repeats, long dropped) {
    }

    private final FrameSource frames;
    private final FrameDecoder decoder;
    private final RepeatFilter repeats;
    private final int maxLength;
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong repeated = new AtomicLong();
    private final ReaderLoop loop;
    private SinkGate gate;

    public CameraScanSource(FrameSource frames, FrameDecoder decoder, Duration repeatInterval, int maxLength) {
        this.frames = Objects.requireNonNull(frames, "frames");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.repeats = new RepeatFilter(repeatInterval.toNanos());
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum code length of " + frames.name()
                    + " must be at least 1, found " + maxLength);
        }
        this.maxLength = maxLength;
        this.loop = new ReaderLoop("scan source " + frames.name());
    }

    @Override
    public String name() {
        return frames.name();
    }

    @Override
    public synchronized void start(Consumer<ScannedCode> sink) {
        loop.start("passgate-decode-" + name(), () -> {
            gate = new SinkGate(name(), sink);
            frames.start();
        }, this::run);
    }

    @Override
    public String health() {
        return frames.health();
    }

    public Counts counts() {
        return new Counts(decoded.get(), found.get(), delivered.get(), repeated.get(), frames.dropped());
    }

    @Override
    public void close() {
        synchronized (this) {
            loop.beginClose();
            if (gate != null) {
                gate.close();
            }
        }
        frames.close();
        loop.join(Duration.ofSeconds(3));
    }

    private void run() {
        while (!loop.closing()) {
            Optional<Frame> frame;
            try {
                frame = frames.take(TAKE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (frame.isPresent()) {
                handle(frame.get());
            }
        }
        Logger.debug("Decoding thread of camera {} stopped", name());
    }

    /** Decodes one frame and delivers its code unless it is a repeat; on the decoding thread, or from tests. */
    void handle(Frame frame) {
        Optional<String> text;
        try {
            text = decoder.decode(frame);
        } catch (RuntimeException e) {
            Logger.error("Decoder of camera {} failed with {}; frame skipped", name(), e.getClass().getName());
            return;
        } finally {
            decoded.incrementAndGet();
        }
        if (text.isEmpty()) {
            return;
        }
        found.incrementAndGet();
        String code = text.get();
        boolean overLength = code.length() > maxLength;
        if (overLength) {
            code = code.substring(0, maxLength);
        }
        if (!repeats.pass(code, frame.nanos())) {
            repeated.incrementAndGet();
            return;
        }
        delivered.incrementAndGet();
        gate.deliver(new ScannedCode(name(), code, overLength, frame.nanos()));
    }
}
