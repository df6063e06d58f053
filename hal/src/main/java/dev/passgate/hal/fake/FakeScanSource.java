package dev.passgate.hal.fake;

import dev.passgate.hal.ScanSource;
import dev.passgate.hal.ScannedCode;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A scan source driven by the test: {@link #emit(String)} delivers a code to the sink on the calling thread,
 * stamped with the timeline's clock, and records {@code "emit"} on the {@link Timeline} under the source's name
 * (without the text, so a printed timeline shows no code content). Emitting before {@link #start} is a test bug
 * and throws; after {@link #close} nothing is delivered. Thread-safe.
 */
public final class FakeScanSource implements ScanSource {
    private final String name;
    private final Timeline timeline;
    private Consumer<ScannedCode> sink;
    private boolean closed;
    private volatile String health = "FAKE";

    public FakeScanSource(String name, Timeline timeline) {
        this.name = Objects.requireNonNull(name, "name");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String health() {
        return health;
    }

    /** Sets what {@link #health} answers, e.g. "DISCONNECTED" when the test unplugs the reader; "FAKE" at first. */
    public void health(String state) {
        health = Objects.requireNonNull(state, "state");
    }

    @Override
    public synchronized void start(Consumer<ScannedCode> codeSink) {
        if (sink != null) {
            throw new IllegalStateException("scan source " + name + " was already started");
        }
        sink = Objects.requireNonNull(codeSink, "sink");
    }

    /** Delivers a code that fits the length limit, as a reader would after a good scan. */
    public void emit(String text) {
        Objects.requireNonNull(text, "text");
        emit(new ScannedCode(name, text, false, timeline.nanoTime()));
    }

    /** Delivers the given code as it is, e.g. one marked over-length or stamped with a chosen time. */
    public synchronized void emit(ScannedCode code) {
        Objects.requireNonNull(code, "code");
        if (sink == null) {
            throw new IllegalStateException("scan source " + name + " emitted before start");
        }
        if (closed) {
            return;
        }
        timeline.record(name, "emit");
        sink.accept(code);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
