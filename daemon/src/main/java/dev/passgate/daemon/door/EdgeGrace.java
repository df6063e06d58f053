package dev.passgate.daemon.door;

import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.pi4j.Pi4jDigitalInput;
import java.time.Duration;
import java.util.Optional;

/**
 * How long the door monitor keeps a grant after its relay time ends. A debounced contact reports the door opening
 * some time after it moved (the edge is stamped with the move): a door opened just before the relay released is
 * reported after it, and must still find its grant. The grace is the contact's own {@link DigitalInput#reportDelay}
 * (for a Pi4J contact its debounce time plus the GPIO event's delivery; for a test's fake switch, none), bounded by
 * {@link #MAX}, the largest {@code debounce_ms} a configuration may give plus the delivery. The grace delays only the
 * NOT_PASSED record, which is still stamped with the relay's time.
 */
final class EdgeGrace {
    /** The longest grace: {@code inputs.*.debounce_ms} is at most 1000 ms. */
    static final Duration MAX = Duration.ofMillis(1000).plus(Pi4jDigitalInput.DELIVERY);

    private EdgeGrace() {
    }

    /** The grace for this door contact, or none without one. */
    static Duration of(Optional<DigitalInput> contact) {
        return bounded(contact.map(DigitalInput::reportDelay).orElse(Duration.ZERO));
    }

    /** {@code grace} within zero and {@link #MAX}. */
    static Duration bounded(Duration grace) {
        if (grace.isNegative()) {
            return Duration.ZERO;
        }
        return grace.compareTo(MAX) > 0 ? MAX : grace;
    }
}
