package dev.passgate.hal;

/** A scheduled action that can still be called off. Cancelling an action that already ran does nothing. */
public interface Cancellable {
    void cancel();
}
