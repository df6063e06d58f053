package dev.passgate.daemon.policy;

import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The policy a kiosk is configured with, by name, looked up in the current trust at every decision: a newer bundle
 * that brings a new version of the rule set (or new value sets) takes effect on the next scan without a restart.
 * When neither this build nor the installed bundle has a policy of that name (a kiosk whose bundle has not arrived
 * yet), a pass that checks out is {@code POLICY_REJECTED}: the kiosk fails closed rather than admit without rules.
 */
public final class PolicySelection implements Policy {
    private final String name;
    private final Supplier<BundledPolicies> source;

    public PolicySelection(String name, Supplier<BundledPolicies> source) {
        this.name = name;
        this.source = source;
    }

    @Override
    public String name() {
        return name;
    }

    /** The policy this selection stands for now. */
    public Optional<Policy> current() {
        return source.get().named(name);
    }

    @Override
    public Outcome apply(Outcome verified, Instant at) {
        Optional<Policy> policy = current();
        if (policy.isEmpty()) {
            return verified.withCheck("policy", false).withVerdict(Verdict.POLICY_REJECTED, "policy " + name
                    + " is neither in this build nor in the installed trust bundle, so the kiosk admits no pass");
        }
        return policy.get().apply(verified, at);
    }
}
