package dev.passgate.daemon.revocation;

import java.util.Optional;

/**
 * The revocation lists the verifiers consult, offline. {@link RevocationStore} is the real implementation;
 * {@link #NONE} stands for "no revocation data configured", and a verifier given it skips the revocation step
 * altogether (the step is then absent from an answer's checks, not true).
 *
 * <p>Lookups either answer or throw {@link RevocationStoreException} for an I/O fault; "not revoked" is an empty
 * optional, not an exception.
 */
public interface Revocations {
    /** No revocation data: every lookup is empty and {@link #configured()} is false. */
    Revocations NONE = new Revocations() {
        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public Optional<RevocationEntry> findDcc(RevocationEntry.Kind kind, String country, byte[] prefix16) {
            return Optional.empty();
        }

        @Override
        public Optional<RevocationEntry> findShc(String scope, String rid) {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "Revocations.NONE";
        }
    };

    /** Whether revocation data is configured at all; false only for {@link #NONE}. */
    default boolean configured() {
        return true;
    }

    /**
     * The entry of the given DCC kind with key {@code prefix16}, listed for {@code country} or for every country
     * (scope {@code ""}). A null country matches only entries for every country.
     */
    Optional<RevocationEntry> findDcc(RevocationEntry.Kind kind, String country, byte[] prefix16);

    /** The SHC entry for the rid (its base64url text) in the scope {@code iss#kid}. */
    Optional<RevocationEntry> findShc(String scope, String rid);

    /**
     * The first entry that revokes a DCC with these keys, trying them in the order given, each in the pass's
     * country (and every country), then in its signer's scope {@code COUNTRY/KID}, which is how a trust bundle files
     * an EU revocation batch.
     */
    default Optional<RevocationEntry> firstRevoking(DccRevocationKeys keys) {
        for (DccRevocationKeys.Probe probe : keys.probes()) {
            Optional<RevocationEntry> entry = findDcc(probe.kind(), keys.country(), probe.prefix16());
            if (entry.isEmpty() && keys.signerScope() != null) {
                entry = findDcc(probe.kind(), keys.signerScope(), probe.prefix16());
            }
            if (entry.isPresent()) {
                return entry;
            }
        }
        return Optional.empty();
    }
}
