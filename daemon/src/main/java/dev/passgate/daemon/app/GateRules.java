package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.PassVerifier;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The part of the {@link Gate} that a configuration reload may replace: the verifier (with its PG1 freshness
 * window), where the trust snapshot comes from, the policy, what the entry log keeps of a holder, what an untrusted
 * clock does, the anti-passback window, and whether the door opens for a decision the entry log could not
 * write. A gate decides each scan with one set of rules, read once at the start
 * of the scan. The anti-passback window is stateful; a reload that keeps its settings hands the same instance on.
 */
public record GateRules(PassVerifier verifier, Supplier<TrustSnapshot> trust, Policy policy,
                        Minimisation minimisation, GateConfig.ClockUntrusted clockUntrusted,
                        AntiPassback passback, GateConfig.FullDisk onFullDisk) {

    /** Rejects a missing part. */
    public GateRules {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(minimisation, "minimisation");
        Objects.requireNonNull(clockUntrusted, "clockUntrusted");
        Objects.requireNonNull(passback, "passback");
        Objects.requireNonNull(onFullDisk, "onFullDisk");
    }

    /** The rules of {@code gateConfig}: its clock setting and a fresh anti-passback window. */
    static GateRules of(PassVerifier verifier, Supplier<TrustSnapshot> trust, Policy policy,
                        Minimisation minimisation, GateConfig gateConfig) {
        return new GateRules(verifier, trust, policy, minimisation, gateConfig.clockUntrusted(),
                new AntiPassback(gateConfig.passback(), gateConfig.passbackWindow()), gateConfig.onFullDisk());
    }
}
