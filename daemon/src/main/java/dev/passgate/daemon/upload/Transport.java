package dev.passgate.daemon.upload;

/**
 * Sends one batch to the collector and says what came of it. Implementations block for at most their configured
 * timeout and never throw for a fault of the network or the server; they are used from one thread at a time.
 */
public interface Transport extends AutoCloseable {

    Delivery send(UploadBatch batch);

    /** A short description for logs and status, without credentials. */
    String describe();

    @Override
    void close();
}
