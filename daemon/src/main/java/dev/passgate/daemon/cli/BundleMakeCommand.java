package dev.passgate.daemon.cli;

import dev.passgate.daemon.policy.BundledPolicies;
import dev.passgate.daemon.trust.BundleContent;
import dev.passgate.daemon.trust.BundleException;
import dev.passgate.daemon.trust.BundleSources;
import dev.passgate.daemon.trust.BundleWriter;
import dev.passgate.daemon.trust.GatewayAnchor;
import dev.passgate.daemon.trust.RevocationImport;
import dev.passgate.daemon.trust.RootKeys;
import dev.passgate.daemon.verify.Instants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate bundle make}: builds a trust bundle from an operator's files and signs it with one or more root
 * keys. The inputs are described in {@link BundleSources} (document signers: gateway trust lists or certificates)
 * and {@link RevocationImport} (revocation lists); JWK sets, rule sets and value sets are JSON files.
 */
@Command(name = "make", description = "Build and sign a trust bundle from files.")
public final class BundleMakeCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Option(names = "--root-key", required = true, paramLabel = "FILE",
            description = "Root private key (PKCS#8 PEM or DER); repeat to sign with several roots.")
    private List<Path> rootKeys = new ArrayList<>();

    @Option(names = "--dsc", arity = "1..*", paramLabel = "FILE",
            description = "EU DCC gateway trust list (JSON array) or a document signer certificate.")
    private List<Path> dscFiles = new ArrayList<>();

    @Option(names = "--dsc-anchor", paramLabel = "FILE",
            description = "The EU DCC gateway's trust anchor certificate(s) (PEM): check the gateway's signatures on"
                    + " the trust lists' CSCA, UPLOAD and DSC entries and leave out every DSC they do not vouch for.")
    private Path dscAnchor;

    @Option(names = "--shc-issuer", paramLabel = "ISS=JWKS_FILE", description = "A SMART Health Cards issuer.")
    private Map<String, Path> shcIssuers = new LinkedHashMap<>();

    @Option(names = "--pg1-key", paramLabel = "[ID=]FILE",
            description = "A dynamic-pass issuer's Ed25519 public key; the key id is derived from the key.")
    private List<String> pg1Keys = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "NAME=FILE", description = "A named rule set (JSON).")
    private Map<String, Path> ruleFiles = new LinkedHashMap<>();

    @Option(names = "--revocation", paramLabel = "FILE", description = "Revocation lists (JSON Lines).")
    private Path revocationFile;

    @Option(names = "--pg1-revocation", paramLabel = "FILE",
            description = "Revoked PG1 passes (JSON: credentials, holderKeys, issuers).")
    private Path pg1RevocationFile;

    @Option(names = "--valuesets", paramLabel = "FILE", description = "Value sets (JSON).")
    private Path valueSetsFile;

    @Option(names = "--version", required = true, paramLabel = "N", description = "Sequence number, 1 or more.")
    private long version;

    @Option(names = "--valid-for", paramLabel = "DURATION", defaultValue = "7d",
            description = "Validity from issue, e.g. 7d, 36h, 90m or PT36H (default: ${DEFAULT-VALUE}).")
    private String validFor;

    @Option(names = "--issued-at", paramLabel = "INSTANT", description = "Issue time (default: now).")
    private String issuedAt;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle file to write.")
    private Path out;

    private Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        if (version < 1) {
            throw new CommandLine.ParameterException(cli, "--version: found " + version + ", expected 1 or more");
        }
        Duration validity = duration(cli, validFor);
        Instant issued = issuedAt == null ? clock.instant().truncatedTo(ChronoUnit.SECONDS)
                : Instants.parse(issuedAt).orElseThrow(() -> new CommandLine.ParameterException(cli,
                        "--issued-at: found '" + issuedAt + "', expected an ISO-8601 instant"));
        Path revocationSection = null;
        try {
            Map<String, Path> pg1KeyFiles = new LinkedHashMap<>();
            for (String argument : pg1Keys) {
                Map.Entry<String, Path> key = BundleSources.pg1KeyArgument(argument);
                pg1KeyFiles.put(key.getKey(), key.getValue());
            }
            Optional<GatewayAnchor> anchor = dscAnchor == null ? Optional.empty()
                    : Optional.of(GatewayAnchor.read(dscAnchor));
            BundleContent content = BundleSources.content(new BundleSources.Inputs(dscFiles, shcIssuers, pg1KeyFiles,
                    ruleFiles, Optional.ofNullable(valueSetsFile)), anchor, note -> cli.getErr().println(note));
            if (pg1RevocationFile != null) {
                content = content.withPg1Revocations(BundleSources.pg1Revocations(pg1RevocationFile));
            }
            List<String> unusable = BundledPolicies.compile(content.ruleSets(), content.valueSets()).errors();
            if (!unusable.isEmpty()) {
                throw new BundleException("a section the kiosk cannot use: " + String.join("; ", unusable));
            }
            BundleWriter writer = BundleWriter.bundle(version, issued, issued.plus(validity)).content(content);
            for (Path key : rootKeys) {
                PrivateKey root = RootKeys.readPrivateKey(key);
                writer.signWith(root);
            }
            long revocations = 0;
            if (revocationFile != null) {
                revocationSection = Files.createTempFile(out.toAbsolutePath().getParent(), ".revocation.", ".tmp");
                BundleWriter.Revocation section = RevocationImport.convert(revocationFile, revocationSection);
                writer.revocation(section);
                revocations = section.entries();
            }
            writer.writeTo(out);
            if (anchor.isPresent()) {
                cli.getErr().println("gateway signatures: checked against " + anchor.get().describe() + "; "
                        + content.dccSigners().size() + " DCC signer(s) vouched for");
            } else if (!content.dccSigners().isEmpty()) {
                cli.getErr().println("note: the EU gateway's signatures on the " + content.dccSigners().size()
                        + " DCC signer entries were NOT checked (give --dsc-anchor FILE, the gateway's trust anchor,"
                        + " to check them); by signing the bundle, the operator vouches for the list");
            }
            cli.getOut().printf(Locale.ROOT, "wrote %s: version %d, valid %s to %s, %d DCC signer(s), %d SHC "
                    + "issuer(s), %d PG1 key(s), %d rule set(s), %s, %d revocation(s), signed by %d root(s)%n", out,
                    version, issued, issued.plus(validity), content.dccSigners().size(), content.shcIssuers().size(),
                    content.pg1Keys().size(), content.ruleSets().size(),
                    content.valueSets().isPresent() ? "value sets" : "no value sets", revocations, rootKeys.size());
            return 0;
        } catch (BundleException e) {
            cli.getErr().println("passgate bundle make: " + e.getMessage());
            return 1;
        } finally {
            if (revocationSection != null) {
                Files.deleteIfExists(revocationSection);
            }
        }
    }

    /** Parses 7d, 36h, 90m, or an ISO-8601 duration such as PT36H; at least a minute. */
    static Duration duration(CommandLine cli, String text) {
        Duration parsed = null;
        String lower = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (lower.matches("[0-9]{1,6}[dhm]")) {
                long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
                char unit = lower.charAt(lower.length() - 1);
                parsed = unit == 'd' ? Duration.ofDays(amount) : unit == 'h' ? Duration.ofHours(amount)
                        : Duration.ofMinutes(amount);
            } else {
                parsed = Duration.parse(text.strip());
            }
        } catch (DateTimeParseException e) {
            parsed = null;
        }
        if (parsed == null || parsed.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new CommandLine.ParameterException(cli, "--valid-for: found '" + text + "', expected a duration "
                    + "of at least a minute such as 7d, 36h, 90m or PT36H");
        }
        return parsed;
    }

    /** For tests: the clock that gives the issue time when --issued-at is absent. */
    void useClock(Clock testClock) {
        this.clock = testClock;
    }
}
