package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;

/**
 * The result of evaluating one CertLogic expression: a JSON-shaped value, or why evaluation failed (an invalid
 * expression, a type mismatch, or a bound reached). Date-times in the value are given as strings
 * {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. {@code steps} is the work done, for figures and tests. A failure may quote
 * values from the data, which for a real pass is personal data: callers never print or log it.
 */
public record Evaluation(CBORObject value, String failure, int steps) {
    public boolean ok() {
        return failure == null;
    }
}
