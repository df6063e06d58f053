package dev.passgate.hal;

import java.util.function.Consumer;

/**
 * A reader of codes: standard input, a serial barcode reader, a keyboard-wedge reader or a camera.
 * {@link #start} begins delivering codes to the sink on the source's own thread and returns at once; the sink
 * must not block for long. A source survives its device going away and coming back. {@link #close} stops
 * delivery; no code is delivered after close returns.
 */
public interface ScanSource extends AutoCloseable {
    String name();

    void start(Consumer<ScannedCode> sink);

    /** A short word for a technician about the reader's state, e.g. "CONNECTED" or "DISCONNECTED". */
    String health();

    @Override
    void close();
}
