package dev.passgate.daemon.policy;

import dev.passgate.daemon.verify.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The policies this build knows, by name. {@code none} accepts every pass whose structure, signature, key usage
 * and token validity are good, and is the default until venue rule sets are shipped.
 */
public final class Policies {
    public static final String DEFAULT = "none";
    private static final Policy NONE = new Policy() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public Outcome apply(Outcome verified, Instant at) {
            return verified;
        }
    };

    private Policies() {
    }

    public static Optional<Policy> named(String name) {
        return NONE.name().equals(name) ? Optional.of(NONE) : Optional.empty();
    }

    public static List<String> names() {
        return List.of(NONE.name());
    }
}
