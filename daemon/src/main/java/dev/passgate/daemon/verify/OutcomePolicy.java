package dev.passgate.daemon.verify;

import java.time.Instant;

/**
 * What {@link PassVerifier} applies to an outcome whose signature, key usage and validity checked out: the venue's
 * acceptance rules. The policies themselves ({@code dev.passgate.daemon.policy.Policy}) live in the policy package,
 * which depends on this one, never the other way round. An implementation may only turn a {@code VALID} outcome
 * into another verdict; it never makes an invalid pass valid.
 */
@FunctionalInterface
public interface OutcomePolicy {
    Outcome apply(Outcome verified, Instant at);
}
