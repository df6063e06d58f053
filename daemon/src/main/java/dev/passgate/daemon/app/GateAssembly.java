package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.config.PassgateConfig;
import dev.passgate.config.VenueConfig;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.PolicySelection;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.trust.BundleException;
import dev.passgate.daemon.trust.PinnedRoots;
import dev.passgate.daemon.trust.TrustLoading;
import dev.passgate.daemon.trust.TrustService;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustSources;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.pg1.MemoryReplayCache;
import dev.passgate.daemon.verify.pg1.Pg1Verifier;
import dev.passgate.daemon.verify.pg1.ReplayCache;
import dev.passgate.daemon.verify.pg1.VenueRule;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The one place that turns a configuration, the installed bundle and the long-lived parts of a kiosk ({@link Parts}:
 * replay cache, revocation look-ups, holder pseudonyms, trust service) into the {@link Gate}'s rules, or into the
 * list of everything wrong with it. {@code passgate run} ({@link Kiosk#assemble}), a reload (SIGHUP,
 * {@code passgate reload}, {@link LiveConfig#reload}), {@code verify --config} and {@code config check} all call
 * {@link #assemble}, so they accept and refuse the same configurations with the same messages, each
 * {@code FILE:LINE: key: found X, expected Y}, all of them at once: a {@code verify.trust} file that does not read,
 * a bad pinned root in {@code trust.roots}, an installed bundle that does not verify against them (checked when no
 * trust service is running; a running one keeps deciding with the bundle it has), and an unknown policy name.
 *
 * <p>The policy is a {@link PolicySelection}: looked up by name in the current trust at every decision, so a rule
 * set delivered in a newer bundle takes effect on the next scan. A name is an error unless this build or the
 * installed bundle has it; only a kiosk that takes its trust from bundles and has none installed yet may name a
 * policy it cannot see (its passes are {@code POLICY_REJECTED} until a bundle brings it).
 */
public final class GateAssembly {
    /**
     * How long a PG1 replay entry is kept after its presentation time: the longest freshness window plus skew any
     * configuration allows, so that a reload widening {@code gate.freshness_s} never admits a presentation again.
     */
    public static final Duration REPLAY_RETENTION = Duration.ofSeconds(GateConfig.FRESHNESS_S_RANGE.max()
            + GateConfig.FUTURE_SKEW_S_RANGE.max());

    private GateAssembly() {
    }

    /**
     * The long-lived parts the rules are built on: opened once (at start, or once for a check) and kept by every
     * reload. {@code extraTrust} is trust the caller adds to the {@code verify.trust} files; {@code trust} is the
     * bundle-managed trust when one runs, else the installed bundle is read once per assembly.
     */
    public record Parts(Limits limits, Revocations revocations, ReplayCache replays, HolderPseudonyms pseudonyms,
                        TrustStore extraTrust, Optional<TrustService> trust) {
        /**
         * The parts for checking {@code config} without starting it: its scan limits, {@code revocations}, a PG1
         * replay cache in memory, a throwaway pseudonym secret and no trust service.
         */
        public static Parts forCheck(PassgateConfig config, TrustStore extraTrust, Revocations revocations) {
            byte[] secret = new byte[HolderPseudonyms.SECRET_LENGTH];
            new SecureRandom().nextBytes(secret);
            return new Parts(GateAssembly.limits(config), revocations, new MemoryReplayCache(),
                    HolderPseudonyms.ofSecret(secret), extraTrust, Optional.empty());
        }
    }

    /**
     * One configuration assembled: the trust from its files ({@code base}), the trust as of now, and the rules when
     * there is no error.
     */
    public record Assembled(TrustStore base, TrustSnapshot trust, Optional<GateRules> rules, List<String> errors) {
        public Assembled {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** The decoding limits of {@code config}: its {@code scan.max_length} and the built-in inflation bounds. */
    public static Limits limits(PassgateConfig config) {
        return new Limits(config.scan().maxLength(), Limits.DEFAULT_MAX_INFLATED_BYTES,
                Limits.DEFAULT_MAX_CBOR_DEPTH, Limits.DEFAULT_MAX_CBOR_ITEMS);
    }

    /**
     * The rules of {@code config} on {@code parts}, or every error in it. {@code previous} is the anti-passback
     * window in use, handed on when the configuration keeps its settings (a reload); the rules take
     * {@code parts.limits()}, so a reload keeps the limits the kiosk started with.
     */
    public static Assembled assemble(PassgateConfig config, Parts parts, Optional<AntiPassback> previous) {
        List<Problem> problems = new ArrayList<>();
        TrustStore base = trustFiles(config, parts.extraTrust(), problems);
        Supplier<TrustSnapshot> trust;
        if (parts.trust().isPresent()) {
            TrustService service = parts.trust().get();
            trust = service::snapshot;
        } else {
            TrustSnapshot fixed = installed(config, base, problems);
            trust = () -> fixed;
        }
        PolicySelection policy = policy(config, trust, problems);
        List<String> errors = problems.stream()
                .sorted(Comparator.comparingInt(problem -> ConfigLines.lineOf(config.source(), problem.key())))
                .map(problem -> ConfigLines.error(config.source(), problem.key(), problem.detail())).toList();
        if (!errors.isEmpty()) {
            return new Assembled(base, trust.get(), Optional.empty(), errors);
        }
        GateConfig gate = config.gate();
        Limits limits = parts.limits();
        ReplayCache keyed = (key, forgetAfter, now) -> parts.replays().firstSeen(
                parts.pseudonyms().replayDigest(key), forgetAfter, now);
        PassVerifier verifier = new PassVerifier(limits, parts.revocations(), new Pg1Verifier(limits, keyed,
                gate.freshness(), gate.futureSkew(), REPLAY_RETENTION, venueRule(config.venue())));
        AntiPassback passback = previous.filter(p -> p.sameSettings(gate.passback(), gate.passbackWindow()))
                .orElseGet(() -> new AntiPassback(gate.passback(), gate.passbackWindow()));
        GateRules rules = new GateRules(verifier, trust, policy,
                new Minimisation(parts.pseudonyms(), config.entryLog().fields()), gate.clockUntrusted(), passback,
                gate.onFullDisk());
        return new Assembled(base, trust.get(), Optional.of(rules), errors);
    }

    /** The PG1 venue rule of {@code [venue]}. */
    static VenueRule venueRule(VenueConfig venue) {
        return new VenueRule(venue.id(), venue.unbound() == VenueConfig.Unbound.REFUSE);
    }

    /**
     * The trust of {@code verify.trust} plus {@code extra}, what a trust service starting before the assembly
     * combines its bundle with; a file that does not read is left out here and reported by {@link #assemble}.
     */
    public static TrustStore baseTrust(PassgateConfig config, TrustStore extra) {
        return trustFiles(config, extra, new ArrayList<>());
    }

    /** One thing wrong with a configuration: the dotted key and what was found and expected. */
    private record Problem(String key, String detail) {
    }

    /** The trust of {@code verify.trust} plus {@code extra}; a file that does not read adds an error. */
    private static TrustStore trustFiles(PassgateConfig config, TrustStore extra, List<Problem> errors) {
        TrustStore.Builder builder = TrustStore.builder().addAll(extra);
        for (Path file : config.verify().trust()) {
            try {
                TrustSources.addFile(builder, file);
            } catch (TrustException e) {
                errors.add(new Problem("verify.trust", e.getMessage()));
            }
        }
        return builder.build();
    }

    /** The trust of {@code base} and, when roots are pinned, the installed bundle, verified completely. */
    private static TrustSnapshot installed(PassgateConfig config, TrustStore base, List<Problem> errors) {
        if (!config.trust().managed()) {
            return TrustSnapshot.unmanaged(base);
        }
        try {
            PinnedRoots.of(config.trust().roots());
        } catch (BundleException e) {
            errors.add(new Problem("trust.roots", e.getMessage()));
            return TrustSnapshot.unmanaged(base);
        }
        try {
            return TrustLoading.load(config.trust(), base, Optional.empty(), List.of());
        } catch (BundleException e) {
            errors.add(new Problem("trust.bundle_file", e.getMessage()));
        } catch (IOException e) {
            errors.add(new Problem("trust.bundle_file", "cannot read "
                    + config.trust().bundleFile() + ": " + e.getMessage()));
        }
        return TrustSnapshot.unmanaged(base);
    }

    /** The configured policy, selected in {@code trust} at each decision; an unknown name adds an error. */
    private static PolicySelection policy(PassgateConfig config, Supplier<TrustSnapshot> trust, List<Problem> errors) {
        String name = config.verify().policy();
        PolicySelection selection = new PolicySelection(name, () -> trust.get().policies());
        TrustSnapshot now = trust.get();
        boolean awaitingBundle = config.trust().managed() && now.bundle().isEmpty();
        if (selection.current().isEmpty() && !awaitingBundle) {
            errors.add(new Problem("verify.policy", "found \"" + name + "\", expected one of "
                    + now.policies().names()));
        } else if (selection.current().isEmpty()) {
            Logger.warn("{}", ConfigLines.error(config.source(), "verify.policy", "found \"" + name + "\", which is"
                    + " not in this build " + Policies.names() + "; passes are POLICY_REJECTED until an installed"
                    + " bundle brings it"));
        }
        return selection;
    }
}
