package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.app.GateAssembly;
import dev.passgate.daemon.app.GateRules;
import dev.passgate.daemon.decode.Json;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.trust.BundleException;
import dev.passgate.daemon.trust.RootKeys;
import dev.passgate.daemon.trust.TrustLoading;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.revocation.RevocationStore;
import dev.passgate.daemon.revocation.RevocationStoreException;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.verify.Instants;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustSources;
import dev.passgate.daemon.verify.TrustStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code passgate verify}: decides passes offline. Each TEXT argument, else each line of standard input, gets one
 * JSON answer line (see {@link Answers}). With {@code --batch}, each input line is a JSON request
 * {@code {"id", "text", "at"?, "trust"?, "policy"?}} answered in order with the same id; a bad request line gets
 * an error answer and the batch goes on. Exit 0 when every input is VALID, 1 otherwise, 2 for a usage error.
 * When trust comes from a signed bundle ({@code --bundle}, or {@code --config} pinning roots), the bundle's signers
 * are trusted too, its staleness settles each VALID outcome, and each answer gains the {@code trust} field.
 */
@Command(name = "verify", description = "Verify passes offline and print one JSON answer per pass.")
public final class VerifyCommand implements Callable<Integer> {
    private static final int MAX_BATCH_LINE = 1 << 20;
    private static final int MAX_BATCH_DEPTH = 64;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--trust", paramLabel = "FILE",
            description = "A trusted certificate (PEM, DER, base64) or JWK set.")
    private List<Path> trustFiles = new ArrayList<>();

    @Option(names = "--at", paramLabel = "INSTANT", description = "Verify as of this ISO-8601 instant.")
    private String at;

    @Option(names = "--policy", paramLabel = "NAME", description = "Venue policy: kr-2022 (default), eu-2022 or none.")
    private String policyName;

    @Option(names = "--config", paramLabel = "FILE", description = "Take trust files and policy from a config.")
    private Path configFile;

    @Option(names = "--bundle", paramLabel = "FILE",
            description = "Take trust from this signed bundle (needs --root or --config with trust.roots).")
    private Path bundleFile;

    @Option(names = "--root", paramLabel = "FILE", description = "A pinned root public key for --bundle (PEM).")
    private List<Path> rootFiles = new ArrayList<>();
    @Option(names = "--revocation", paramLabel = "FILE", description = "Check passes against this revocation store.")
    private Path revocationFile;

    @Option(names = "--batch", description = "Read JSON request lines from standard input.")
    private boolean batch;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Pass texts; standard input when absent.")
    private List<String> texts = new ArrayList<>();

    private Clock clock = Clock.systemUTC();
    private java.io.InputStream input = System.in;

    @Override
    public Integer call() throws IOException {
        try (RevocationStore store = openRevocations()) {
            return verifyAll(store == null ? Revocations.NONE : store);
        }
    }

    /**
     * Without {@code --config}: the {@code --trust} files, the default limits and {@code --policy}. With it: the
     * gate's rules as {@code run} would assemble them ({@link GateAssembly}), the verifier and policy included,
     * unless {@code --policy} names another one or {@code --bundle}/{@code --root} replace the trust.
     */
    private int verifyAll(Revocations revocations) throws IOException {
        CommandLine cli = spec.commandLine();
        TrustStore trust = trustFromFiles(cli);
        Instant fixedAt = at == null ? null : Instants.parse(at).orElseThrow(() -> new CommandLine.ParameterException(
                cli, "--at: found '" + at + "', expected an ISO-8601 instant such as 2021-06-01T12:00:00Z"));
        if (configFile == null) {
            TrustSnapshot snapshot = bundledTrust(cli, TrustConfig.DEFAULTS, trust);
            Policy policy = policyOrUsageError(snapshot, policyName == null ? Policies.DEFAULT : policyName);
            return answerAll(new Session(new PassVerifier(Limits.DEFAULT, revocations), snapshot, policy, fixedAt,
                    Limits.DEFAULT, clock), cli.getOut());
        }
        ConfigResult result = ConfigLoader.load(configFile);
        if (result instanceof ConfigResult.Invalid invalid) {
            invalid.errors().forEach(error -> cli.getErr().println(error));
            return 2;
        }
        PassgateConfig config = ((ConfigResult.Loaded) result).config();
        GateAssembly.Assembled assembled = GateAssembly.assemble(config, GateAssembly.Parts.forCheck(config, trust,
                revocations), Optional.empty());
        if (!assembled.ok()) {
            assembled.errors().forEach(error -> cli.getErr().println(error));
            return 2;
        }
        GateRules rules = assembled.rules().orElseThrow();
        boolean ownTrust = bundleFile == null && rootFiles.isEmpty();
        TrustSnapshot snapshot = ownTrust ? assembled.trust() : bundledTrust(cli, config.trust(), assembled.base());
        Policy policy = policyName == null && ownTrust ? rules.policy()
                : policyOrUsageError(snapshot, policyName == null ? config.verify().policy() : policyName);
        Limits limits = GateAssembly.limits(config);
        return answerAll(new Session(rules.verifier(), snapshot, policy, fixedAt, limits, clock), cli.getOut());
    }

    private RevocationStore openRevocations() {
        if (revocationFile == null) {
            return null;
        }
        if (!Files.isRegularFile(revocationFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--revocation: found no file at "
                    + revocationFile + ", expected a revocation store");
        }
        try {
            return RevocationStore.open(revocationFile);
        } catch (RevocationStoreException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--revocation: " + e.getMessage());
        }
    }

    private int answerAll(Session session, PrintWriter out) throws IOException {
        boolean allValid;
        if (batch) {
            allValid = runBatch(session, out);
        } else if (!texts.isEmpty()) {
            allValid = true;
            for (int i = 0; i < texts.size(); i++) {
                allValid &= session.answer(CBORObject.FromObject(i + 1), texts.get(i), false, out);
            }
        } else {
            allValid = runLines(session, out);
        }
        out.flush();
        return allValid ? 0 : 1;
    }

    /** Adds the bundle's trust when one is in use: --bundle, or a configuration that pins roots. */
    private TrustSnapshot bundledTrust(CommandLine cli, TrustConfig config, TrustStore base) throws IOException {
        try {
            List<PublicKey> roots = new ArrayList<>();
            for (Path root : rootFiles) {
                roots.add(RootKeys.readPublicKey(root));
            }
            return TrustLoading.load(config, base, Optional.ofNullable(bundleFile), roots);
        } catch (BundleException e) {
            throw new CommandLine.ParameterException(cli, (bundleFile != null ? "--bundle: " : "trust.bundle_file: ")
                    + e.getMessage());
        }
    }

    private TrustStore trustFromFiles(CommandLine cli) {
        try {
            TrustStore.Builder builder = TrustStore.builder();
            for (Path file : trustFiles) {
                TrustSources.addFile(builder, file);
            }
            return builder.build();
        } catch (TrustException e) {
            throw new CommandLine.ParameterException(cli, "--trust: " + e.getMessage());
        }
    }

    /** The policy of that name in this build or the bundle in use (whose value sets it reads). */
    private Policy policyOrUsageError(TrustSnapshot snapshot, String name) {
        return snapshot.policies().named(name).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--policy: found '" + name + "', expected one of " + snapshot.policies().names()));
    }

    private boolean runLines(Session session, PrintWriter out) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(stdin(), session.limits().maxTextLength());
        boolean allValid = true;
        int n = 0;
        for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
            if (!line.text().isBlank()) {
                allValid &= session.answer(CBORObject.FromObject(++n), line.text(), line.overLength(), out);
            }
        }
        return allValid;
    }

    private boolean runBatch(Session session, PrintWriter out) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(stdin(), MAX_BATCH_LINE);
        boolean allValid = true;
        for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
            if (line.text().isBlank()) {
                continue;
            }
            if (line.overLength()) {
                out.println(Answers.error(null, "request line longer than " + MAX_BATCH_LINE + " characters"));
                allValid = false;
                continue;
            }
            allValid &= answerRequest(session, line.text(), out);
            out.flush();
        }
        return allValid;
    }

    private boolean answerRequest(Session session, String line, PrintWriter out) {
        Json.Decoded decoded = Json.decode(line, MAX_BATCH_LINE, MAX_BATCH_DEPTH);
        if (!decoded.ok()) {
            out.println(Answers.error(null, "request is not JSON: " + decoded.failure()));
            return false;
        }
        CBORObject request = decoded.value();
        CBORObject id = request.getType() == CBORType.Map ? request.get("id") : null;
        try {
            BatchRequest parsed = BatchRequest.parse(request);
            Policy policy = parsed.policy() == null ? session.policy()
                    : session.trust().policies().named(parsed.policy()).orElseThrow(() -> new IllegalArgumentException(
                            "policy: found '" + parsed.policy() + "', expected one of "
                                    + session.trust().policies().names()));
            TrustStore trust = session.trustWith(parsed.trust());
            Instant when = parsed.at() != null ? parsed.at() : session.now();
            Outcome outcome = session.trust().settle(session.verifier().verify(parsed.text(), trust, when, policy),
                    when);
            out.println(Answers.of(id, outcome, when, session.trust().status(when)));
            return outcome.valid();
        } catch (IllegalArgumentException | TrustException e) {
            out.println(Answers.error(id, e.getMessage()));
            return false;
        }
    }

    private BufferedReader stdin() {
        return new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    }

    /** For tests: the clock used when neither --at nor a request's "at" is given. */
    void useClock(Clock testClock) {
        this.clock = testClock;
    }

    /** For tests: the stream read instead of standard input. */
    void useInput(java.io.InputStream testInput) {
        this.input = testInput;
    }

    private record Session(PassVerifier verifier, TrustSnapshot trust, Policy policy, Instant fixedAt, Limits limits,
                           Clock clock) {
        Instant now() {
            return fixedAt != null ? fixedAt : clock.instant();
        }

        boolean answer(CBORObject id, String text, boolean overLength, PrintWriter out) {
            Instant when = now();
            Outcome outcome = trust.settle(verifier.verifyScanned(text, overLength, trust.store(), when, policy), when);
            out.println(Answers.of(id, outcome, when, trust.status(when)));
            return outcome.valid();
        }

        TrustStore trustWith(List<CBORObject> items) throws TrustException {
            if (items.isEmpty()) {
                return trust.store();
            }
            TrustStore.Builder builder = TrustStore.builder().addAll(trust.store());
            for (CBORObject item : items) {
                if (item.getType() == CBORType.TextString) {
                    TrustSources.addBase64Certificate(builder, item.AsString());
                } else {
                    TrustSources.addJson(builder, item);
                }
            }
            return builder.build();
        }
    }
}
