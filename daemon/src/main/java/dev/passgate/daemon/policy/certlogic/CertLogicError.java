package dev.passgate.daemon.policy.certlogic;

/**
 * Why one evaluation stopped: an invalid expression, a type mismatch found while evaluating, or a bound that was
 * reached. It unwinds the evaluator and is turned into a failed {@link Evaluation} at the entry point, so it
 * never leaves this package. It carries no stack trace, because a hostile rule may raise it on every scan.
 */
final class CertLogicError extends RuntimeException {
    CertLogicError(String message) {
        super(message, null, false, false);
    }
}
