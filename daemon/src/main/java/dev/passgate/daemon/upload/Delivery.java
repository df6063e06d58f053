package dev.passgate.daemon.upload;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What sending one batch came to. These are normal outcomes, not exceptions: a collector that is down, busy or
 * refusing is expected, and the uploader backs off.
 */
public sealed interface Delivery {

    /** The collector answered; only the records its answer names are stored. */
    record Answered(CollectorAnswer answer) implements Delivery {
        public Answered {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * The collector (or broker) was reached and declined the batch: {@code status} is the HTTP status or MQTT
     * reason code, {@code retryAfter} what the server asked for, if anything.
     */
    record Refused(int status, String reason, Optional<Duration> retryAfter) implements Delivery {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** The batch may or may not have arrived: no connection, a timeout, a cut connection, an unreadable answer. */
    record Failed(String reason) implements Delivery {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
