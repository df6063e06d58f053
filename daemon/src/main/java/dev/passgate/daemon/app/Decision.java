package dev.passgate.daemon.app;

import dev.passgate.daemon.feedback.Response;
import dev.passgate.daemon.verify.Outcome;

/**
 * The result of one scan: the outcome, its entry-log sequence number (0 when it could not be written), and the
 * response given.
 */
public record Decision(Outcome outcome, long sequence, Response response) {
    public boolean logged() {
        return sequence > 0;
    }
}
