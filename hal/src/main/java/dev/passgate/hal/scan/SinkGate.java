package dev.passgate.hal.scan;

import dev.passgate.hal.ScannedCode;
import java.util.Objects;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Stands between a source's reading thread and its sink. It keeps the {@code ScanSource} promise that no code is
 * delivered after {@code close} returns (delivery and close take the same lock), and it keeps a failing sink from
 * killing the reading thread: the failure is logged by exception type and place only, since an exception message
 * might quote the scanned text. Thread-safe.
 */
public final class SinkGate {
    private final String source;
    private final Consumer<ScannedCode> sink;
    private boolean closed;

    public SinkGate(String source, Consumer<ScannedCode> sink) {
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public synchronized void deliver(ScannedCode code) {
        if (closed) {
            return;
        }
        try {
            sink.accept(code);
        } catch (RuntimeException e) {
            StackTraceElement[] trace = e.getStackTrace();
            Logger.error("Sink of scan source {} failed with {} at {}; the source keeps reading",
                    source, e.getClass().getName(), trace.length > 0 ? trace[0] : "an unknown place");
        }
    }

    public synchronized void close() {
        closed = true;
    }
}
