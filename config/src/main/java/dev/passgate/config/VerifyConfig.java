package dev.passgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How passes are verified: {@code [verify]} in the file.
 *
 * <p>{@code policy} names the admission policy applied after a signature checks out. This module only checks
 * the shape of the name against {@link #POLICY_PATTERN}; whether a policy of that name exists is for the
 * daemon to say. {@code trust} lists the trust files (issuer keys) in the order written, resolved against the
 * folder of the configuration file; this record does not read them or check that they exist.
 */
public record VerifyConfig(String policy, List<Path> trust) {

    /** What a policy name may look like: lower-case letters, digits and hyphens. */
    public static final Pattern POLICY_PATTERN = Pattern.compile("[a-z0-9-]+");
    /** The policy used when the file names none: the Korean rule set; {@code "none"} admits every genuine pass. */
    public static final String DEFAULT_POLICY = "kr-2022";
    /** The verify section with every value at its default, which trusts no issuer. */
    public static final VerifyConfig DEFAULTS = new VerifyConfig(DEFAULT_POLICY, List.of());

    /** Rejects a missing value or a malformed policy name, and keeps an unmodifiable copy of the trust list. */
    public VerifyConfig {
        Objects.requireNonNull(policy, "policy");
        if (!POLICY_PATTERN.matcher(policy).matches()) {
            throw new IllegalArgumentException("policy: found \"" + policy + "\", expected " + POLICY_PATTERN);
        }
        trust = List.copyOf(trust);
    }
}
