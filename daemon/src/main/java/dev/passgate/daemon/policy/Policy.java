package dev.passgate.daemon.policy;

import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.OutcomePolicy;
import java.time.Instant;

/**
 * A venue's acceptance rules, applied to an outcome whose signature, key usage and validity were checked.
 * A policy may only turn a {@code VALID} outcome into another verdict; it never makes an invalid pass valid.
 */
public interface Policy extends OutcomePolicy {
    String name();

    @Override
    Outcome apply(Outcome verified, Instant at);
}
