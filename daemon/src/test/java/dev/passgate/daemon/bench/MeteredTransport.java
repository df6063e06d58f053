package dev.passgate.daemon.bench;

import dev.passgate.daemon.upload.Delivery;
import dev.passgate.daemon.upload.Transport;
import dev.passgate.daemon.upload.UploadBatch;
import dev.passgate.daemon.upload.WireFormat;
import java.util.concurrent.atomic.LongAdder;

/**
 * A real transport with fleet-wide counters, for the loopback fleet harness: requests by outcome, records and
 * checkpoints sent, the body bytes (the batch encoded once more with {@link WireFormat#encode}, which is what the
 * HTTP transport sends) and the time spent in {@code send}. One {@link Meter} is shared by every kiosk's transport.
 */
final class MeteredTransport implements Transport {
    private final Transport real;
    private final Meter meter;

    /** The shared counters; thread-safe. */
    static final class Meter {
        final LongAdder answered = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder records = new LongAdder();
        final LongAdder checkpoints = new LongAdder();
        final LongAdder bodyBytes = new LongAdder();
        final LongAdder sendNanos = new LongAdder();

        long requests() {
            return answered.sum() + refused.sum() + failed.sum();
        }

        /** The mean time a request spent in {@code send}, in nanoseconds; 0 before any request. */
        long meanSendNanos() {
            long requests = requests();
            return requests == 0 ? 0 : sendNanos.sum() / requests;
        }
    }

    MeteredTransport(Transport real, Meter meter) {
        this.real = real;
        this.meter = meter;
    }

    @Override
    public Delivery send(UploadBatch batch) {
        meter.bodyBytes.add(WireFormat.encode(batch).length);
        meter.records.add(batch.records().size());
        meter.checkpoints.add(batch.checkpoints().size());
        long started = System.nanoTime();
        Delivery delivery = real.send(batch);
        meter.sendNanos.add(System.nanoTime() - started);
        if (delivery instanceof Delivery.Answered) {
            meter.answered.increment();
        } else if (delivery instanceof Delivery.Refused) {
            meter.refused.increment();
        } else {
            meter.failed.increment();
        }
        return delivery;
    }

    @Override
    public String describe() {
        return real.describe();
    }

    @Override
    public void close() {
        real.close();
    }
}
