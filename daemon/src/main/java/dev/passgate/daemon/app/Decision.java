package dev.passgate.daemon.app;

import dev.passgate.daemon.feedback.Response;
import dev.passgate.daemon.verify.Outcome;

/**
 * The result of one scan: the outcome, its entry-log sequence number (0 when it could not be written), the
 * response given, and the scan-to-decision latency in monotonic nanoseconds: from the reader's last character
 * ({@link dev.passgate.hal.ScannedCode#receivedNanos}) to the feedback being given, as {@link GateStats} counts it.
 */
public record Decision(Outcome outcome, long sequence, Response response, long latencyNanos) {
    public boolean logged() {
        return sequence > 0;
    }
}
