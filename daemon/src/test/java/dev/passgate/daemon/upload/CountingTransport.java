package dev.passgate.daemon.upload;

import java.util.ArrayList;
import java.util.List;

/** A real transport with a timeline of what it was asked to send and what came of it, for figures and asserts. */
final class CountingTransport implements Transport {
    private final Transport real;
    final List<String> timeline = new ArrayList<>();
    int attempts;
    int largestBatch;
    long recordsSent;

    CountingTransport(Transport real) {
        this.real = real;
    }

    @Override
    public Delivery send(UploadBatch batch) {
        attempts++;
        largestBatch = Math.max(largestBatch, batch.records().size());
        recordsSent += batch.records().size();
        Delivery delivery = real.send(batch);
        timeline.add(batch.records().size() + " " + delivery.getClass().getSimpleName());
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
