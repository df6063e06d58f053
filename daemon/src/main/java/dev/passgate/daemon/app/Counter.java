package dev.passgate.daemon.app;

import java.util.concurrent.atomic.LongAdder;

/** A count that only goes up, from any thread, for metrics (upload errors, say). Lock-free. */
public final class Counter {
    private final LongAdder count = new LongAdder();

    public void increment() {
        count.increment();
    }

    public long value() {
        return count.sum();
    }
}
