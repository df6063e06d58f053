package dev.passgate.daemon.trust;

import dev.passgate.daemon.policy.BundledPolicies;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.time.Instant;
import java.util.Optional;

/**
 * The trust one decision is made with: the immutable {@link TrustStore} and, when trust comes from bundles, the
 * installed bundle and technician override from which the staleness is computed. A snapshot never changes; a new
 * bundle means a new snapshot, swapped in whole, so a scan sees either the old trust or the new one.
 *
 * <p>{@link #settle} applies the staleness to an outcome after verification and policy: only a {@code VALID} outcome
 * is affected, and gains the check {@code trust}. It stays VALID when the effect is to admit, becomes
 * {@link Verdict#CONFIRM_REQUIRED} when staff must confirm, and {@link Verdict#TRUST_EXPIRED} when the kiosk fails
 * closed. An unmanaged snapshot (no roots pinned) leaves every outcome as it is and has no status.
 */
public final class TrustSnapshot {
    private final TrustStore store;
    private final Optional<TrustBundle> bundle;
    private final Optional<TrustOverride> override;
    private final Staleness staleness;

    private TrustSnapshot(TrustStore store, Optional<TrustBundle> bundle, Optional<TrustOverride> override,
                          Staleness staleness) {
        this.store = store;
        this.bundle = bundle;
        this.override = override;
        this.staleness = staleness;
    }

    /** Trust from files alone, with no bundle and no staleness. */
    public static TrustSnapshot unmanaged(TrustStore store) {
        return new TrustSnapshot(store, Optional.empty(), Optional.empty(), null);
    }

    /** Trust from a bundle (none installed yet when empty), judged by the staleness rules. */
    public static TrustSnapshot managed(TrustStore store, Optional<TrustBundle> bundle,
                                        Optional<TrustOverride> override, Staleness staleness) {
        return new TrustSnapshot(store, bundle, override, staleness);
    }

    public TrustStore store() {
        return store;
    }

    public Optional<TrustBundle> bundle() {
        return bundle;
    }

    /** The policies of the installed bundle, or the shipped ones alone when there is none. */
    public BundledPolicies policies() {
        return bundle.map(TrustBundle::policies).orElse(BundledPolicies.NONE);
    }

    public Optional<TrustOverride> override() {
        return override;
    }

    public boolean managed() {
        return staleness != null;
    }

    /** The staleness at the instant; empty when trust does not come from bundles. */
    public Optional<TrustStatus> status(Instant at) {
        return managed() ? Optional.of(staleness.status(bundle, override, at)) : Optional.empty();
    }

    /** Applies the staleness at {@code at} to a verified outcome, as the class comment says. */
    public Outcome settle(Outcome verified, Instant at) {
        if (!managed() || !verified.valid()) {
            return verified;
        }
        TrustStatus status = staleness.status(bundle, override, at);
        return switch (status.effect()) {
            case ADMIT -> verified.withCheck("trust", true);
            case CONFIRM -> verified.withCheck("trust", false).withVerdict(Verdict.CONFIRM_REQUIRED,
                    status.reason() + "; staff must confirm this pass");
            case REFUSE -> verified.withCheck("trust", false).withVerdict(Verdict.TRUST_EXPIRED,
                    status.reason() + "; the kiosk fails closed");
        };
    }
}
