package dev.passgate.daemon.policy;

import dev.passgate.daemon.verify.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies this build knows, by name. {@code none} accepts every pass whose structure, signature, key usage
 * and token validity are good. Every other policy is a rule set shipped as the resource
 * {@code dev/passgate/daemon/policy/<name>.json} (see {@link PolicyFile}), read and validated once, on first use.
 * {@code kr-2022} is the default. A shipped file that does not read is a build defect and fails loudly.
 */
public final class Policies {
    public static final String DEFAULT = "kr-2022";
    /** The rule sets shipped as resources, listed by {@link #names()} after {@code none}. */
    private static final List<String> SHIPPED = List.of("kr-2022", "eu-2022");
    private static final Map<String, Policy> LOADED = new ConcurrentHashMap<>();
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
        if (NONE.name().equals(name)) {
            return Optional.of(NONE);
        }
        return SHIPPED.contains(name) ? Optional.of(LOADED.computeIfAbsent(name, Policies::load)) : Optional.empty();
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(NONE.name());
        names.addAll(SHIPPED);
        return List.copyOf(names);
    }

    private static Policy load(String name) {
        String resource = name + ".json";
        try (InputStream in = Policies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the policy resource " + resource + " is missing from this build");
            }
            PolicyFile.Result result = PolicyFile.parse(resource, new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
            if (!result.ok()) {
                throw new IllegalStateException("the shipped policy " + resource + " is invalid: "
                        + String.join("; ", result.errors()));
            }
            if (!result.policy().name().equals(name)) {
                throw new IllegalStateException("the shipped policy " + resource + " is named "
                        + result.policy().name());
            }
            return result.policy();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy resource " + resource, e);
        }
    }
}
