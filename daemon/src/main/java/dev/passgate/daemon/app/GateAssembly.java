package dev.passgate.daemon.app;

import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.PolicySelection;
import dev.passgate.daemon.trust.BundleException;
import dev.passgate.daemon.trust.PinnedRoots;
import dev.passgate.daemon.trust.TrustLoading;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustSources;
import dev.passgate.daemon.verify.TrustStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The one place that turns a configuration and the trust in use into the parts of the gate's rules that depend on
 * them: the trust from {@code verify.trust} files and the venue policy. {@code passgate run} (through
 * {@link Kiosk#assemble}), a reload (SIGHUP, {@code passgate reload}), {@code verify --config} and
 * {@code config check} all call it, so they accept and refuse the same configurations with the same messages,
 * each {@code FILE:LINE: key: found X, expected Y}, all of them at once.
 *
 * <p>The policy is a {@link PolicySelection}: looked up by name in the current trust at every decision, so a rule
 * set delivered in a newer bundle takes effect on the next scan. A name is an error unless this build or the
 * installed bundle has it; only a kiosk that takes its trust from bundles and has none installed yet may name a
 * policy it cannot see (its passes are {@code POLICY_REJECTED} until a bundle brings it).
 */
public final class GateAssembly {
    private GateAssembly() {
    }

    /** The trust files, policy and errors of one configuration. */
    public record Assembled(TrustStore base, TrustSnapshot trust, PolicySelection policy, List<String> errors) {
        public Assembled {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** The trust of {@code verify.trust} plus {@code extra}; a file that does not read adds an error. */
    public static TrustStore trustFiles(PassgateConfig config, TrustStore extra, List<String> errors) {
        TrustStore.Builder builder = TrustStore.builder().addAll(extra);
        for (Path file : config.verify().trust()) {
            try {
                TrustSources.addFile(builder, file);
            } catch (TrustException e) {
                errors.add(ConfigLines.error(config.source(), "verify.trust", e.getMessage()));
            }
        }
        return builder.build();
    }

    /** The configured policy, selected in {@code trust} at each decision; an unknown name adds an error. */
    public static PolicySelection policy(PassgateConfig config, Supplier<TrustSnapshot> trust, List<String> errors) {
        String name = config.verify().policy();
        PolicySelection selection = new PolicySelection(name, () -> trust.get().policies());
        TrustSnapshot now = trust.get();
        boolean awaitingBundle = config.trust().managed() && now.bundle().isEmpty();
        if (selection.current().isEmpty() && !awaitingBundle) {
            errors.add(ConfigLines.error(config.source(), "verify.policy", "found \"" + name + "\", expected one of "
                    + now.policies().names()));
        } else if (selection.current().isEmpty()) {
            Logger.warn("{}", ConfigLines.error(config.source(), "verify.policy", "found \"" + name + "\", which is"
                    + " not in this build " + Policies.names() + "; passes are POLICY_REJECTED until an installed"
                    + " bundle brings it"));
        }
        return selection;
    }

    /**
     * Everything {@code run} would refuse in this configuration's trust and policy, checked once without starting
     * anything: the trust files, the pinned roots, the installed bundle (verified completely against them) and the
     * policy name against this build and that bundle. For {@code config check} and {@code verify --config}.
     */
    public static Assembled check(PassgateConfig config, TrustStore extra) {
        List<String> errors = new ArrayList<>();
        TrustStore base = trustFiles(config, extra, errors);
        TrustSnapshot snapshot = TrustSnapshot.unmanaged(base);
        if (config.trust().managed()) {
            try {
                PinnedRoots.of(config.trust().roots());
                snapshot = TrustLoading.load(config.trust(), base, Optional.empty(), List.of());
            } catch (BundleException e) {
                errors.add(ConfigLines.error(config.source(), rootsUsable(config) ? "trust.bundle_file"
                        : "trust.roots", e.getMessage()));
            } catch (IOException e) {
                errors.add(ConfigLines.error(config.source(), "trust.bundle_file", "cannot read "
                        + config.trust().bundleFile() + ": " + e.getMessage()));
            }
        }
        TrustSnapshot fixed = snapshot;
        PolicySelection policy = policy(config, () -> fixed, errors);
        return new Assembled(base, fixed, policy, errors);
    }

    private static boolean rootsUsable(PassgateConfig config) {
        try {
            PinnedRoots.of(config.trust().roots());
            return true;
        } catch (BundleException e) {
            return false;
        }
    }
}
