package dev.passgate.daemon.door;

import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.pi4j.Pi4jDigitalInput;
import java.time.Duration;
import java.util.Optional;

/**
 * How long the door monitor keeps a grant after its relay time ends. A debounced contact reports the door opening
 * one debounce time after it moved (the edge is stamped with the move): a door opened just before the relay released
 * is reported after it, and must still find its grant. For a Pi4J contact the grace is its debounce time plus
 * {@link #DELIVERY} for the GPIO event's way to the listener; for an input that reports at once (a test's fake
 * switch), none. Bounded by {@link #MAX}, the largest {@code debounce_ms} a configuration may give plus
 * {@link #DELIVERY}. The grace delays only the NOT_PASSED record, which is still stamped with the relay's time.
 */
final class EdgeGrace {
    /** Allowance for a GPIO event to reach the debouncer after the line moved (kernel, Pi4J, thread hand-over). */
    static final Duration DELIVERY = Duration.ofMillis(50);
    /** The longest grace: {@code inputs.*.debounce_ms} is at most 1000 ms. */
    static final Duration MAX = Duration.ofMillis(1000).plus(DELIVERY);

    private EdgeGrace() {
    }

    /** The grace for this door contact, or none without one. */
    static Duration of(Optional<DigitalInput> contact) {
        if (contact.isPresent() && contact.get() instanceof Pi4jDigitalInput pi4j) {
            return bounded(pi4j.debounce().plus(DELIVERY));
        }
        return Duration.ZERO;
    }

    /** {@code grace} within zero and {@link #MAX}. */
    static Duration bounded(Duration grace) {
        if (grace.isNegative()) {
            return Duration.ZERO;
        }
        return grace.compareTo(MAX) > 0 ? MAX : grace;
    }
}
