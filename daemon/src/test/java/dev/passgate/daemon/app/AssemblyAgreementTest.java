package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.policy.PolicySelection;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four callers of {@link GateAssembly} agree: {@code passgate run} (a child JVM), a reload of a running kiosk,
 * {@code verify --config} and {@code config check} refuse a broken configuration with the same errors in the same
 * {@code FILE:LINE: key: ...} form, and build the same policy and trust from a good one.
 */
class AssemblyAgreementTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    private static final long RUN_MS = 90_000;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void allFourCallersRefuseABrokenConfigurationWithTheSameErrors() throws Exception {
        // two files the loader accepts (their errors are the assembly's; one takes trust from bundles, with none
        // installed yet) and one it refuses (a pinned root that is no key)
        Path missing = dir.resolve("missing.pem");
        String unmanaged = device("broken-a") + "[verify]\npolicy = \"xx-1999\"\ntrust = [\"" + missing + "\"]\n";
        String root = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                .getPublic().getEncoded());
        String awaitingBundle = device("broken-b") + "[trust]\nroots = [\"" + root + "\"]\nbundle_file = \""
                + dir.resolve("none.bundle") + "\"\n[verify]\npolicy = \"venue\"\ntrust = [\"" + missing + "\"]\n";
        String badRoot = device("broken-c") + "[trust]\nroots = [\"bm90IGEga2V5\"]\n[verify]\ntrust = [\""
                + missing + "\"]\n";
        Path file = dir.resolve("passgate.toml");
        try (Kiosk kiosk = kiosk(Files.writeString(file, device("agree")))) {
            List<List<String>> seen = new ArrayList<>();
            for (String broken : List.of(unmanaged, awaitingBundle, badRoot)) {
                Files.writeString(file, broken);

                List<String> run = runErrors(file);
                List<String> reload = kiosk.reload().errors();
                CliRun verify = CliRun.main("verify", "--config", file.toString(), "--at", NOW.toString(),
                        PASSES.samples().get(0).text());
                CliRun check = CliRun.main("config", "check", file.toString());

                assertThat(reload).isNotEmpty().allMatch(error -> error.matches(Pattern.quote(file.toString())
                        + ":\\d+: [a-z_.\\[\\]0-9]+: .+"));
                assertThat(run).as("run").isEqualTo(reload);
                assertThat(verify.exitCode()).isEqualTo(2);
                assertThat(verify.err().lines().toList()).as("verify --config").isEqualTo(reload);
                assertThat(check.exitCode()).isEqualTo(1);
                assertThat(check.err().lines().toList()).as("config check")
                        .containsExactlyElementsOf(concat(reload, file + ": " + reload.size() + " error(s)"));
                seen.add(reload.stream().map(error -> error.split(": ")[1]).toList());
            }
            assertThat(seen).containsExactly(List.of("verify.policy", "verify.trust"), List.of("verify.trust"),
                    List.of("trust.roots[0]"));
            assertThat(kiosk.live().current().device().id()).isEqualTo("kiosk-agree");
        }
    }

    @Test
    void allFourCallersBuildTheSamePolicyAndTrustFromAGoodConfiguration() throws Exception {
        Path pem = Files.writeString(dir.resolve("issuer.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(PASSES.issuerCertificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        String verifySection = "[verify]\npolicy = \"eu-2022\"\ntrust = [\"" + pem + "\"]\n";
        String good = device("good") + verifySection;
        Path file = Files.writeString(dir.resolve("passgate.toml"), good);
        String text = PASSES.samples().get(0).text();
        PassgateConfig config = ((ConfigResult.Loaded) ConfigLoader.load(file)).config();

        GateRules checked = GateAssembly.assemble(config, GateAssembly.Parts.forCheck(config, TrustStore.empty(),
                Revocations.NONE), Optional.empty()).rules().orElseThrow();
        CliRun check = CliRun.main("config", "check", file.toString());
        CliRun verify = CliRun.main("verify", "--config", file.toString(), "--at", NOW.toString(), text);
        GateRules started;
        String startedVerdict;
        try (Kiosk kiosk = kiosk(file)) {
            started = kiosk.gate().rules();
            startedVerdict = scan(kiosk, text);
        }
        // a kiosk of its own (its own entry log and time floor) that starts with another policy and no trust file
        Files.writeString(file, device("reload") + "[verify]\npolicy = \"none\"\n");
        GateRules reloaded;
        String reloadedVerdict;
        try (Kiosk kiosk = kiosk(file)) {
            Files.writeString(file, device("reload") + verifySection);
            assertThat(kiosk.reload().result()).isEqualTo(ReloadReport.Result.APPLIED);
            reloaded = kiosk.gate().rules();
            reloadedVerdict = scan(kiosk, text);
        }

        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains(file + ": ok");
        for (GateRules rules : List.of(checked, started, reloaded)) {
            assertThat(((PolicySelection) rules.policy()).name()).isEqualTo("eu-2022");
            assertThat(rules.trust().get().store().size()).isEqualTo(1);
            assertThat(rules.trust().get().store().certificates(TrustStore.dccKeyId(PASSES.issuerCertificate())))
                    .containsExactly(PASSES.issuerCertificate());
        }
        String verifyVerdict = CBORObject.FromJSONString(verify.out().strip()).get("verdict").AsString();
        assertThat(verifyVerdict).isEqualTo(startedVerdict).isEqualTo(reloadedVerdict)
                .isEqualTo(PASSES.samples().get(0).expectedVerdict());
    }

    private String device(String id) {
        return "[device]\nid = \"kiosk-" + id + "\"\ndata_dir = \"" + dir.resolve("data-" + id) + "\"\n";
    }

    /**
     * {@code passgate run} in a child JVM, which must exit 1: the errors of its "cannot start" line (a check made
     * after loading), else its {@code FILE:} lines (the loader's own errors).
     */
    private List<String> runErrors(Path file) throws Exception {
        Process run = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.passgate.daemon.cli.Main", "run", "--config",
                file.toString()).directory(dir.toFile()).redirectOutput(dir.resolve("run.out").toFile())
                .redirectError(dir.resolve("run.err").toFile()).start();
        assertThat(run.waitFor(RUN_MS, TimeUnit.MILLISECONDS)).isTrue();
        String err = Files.readString(dir.resolve("run.err"));
        assertThat(run.exitValue()).as(err).isEqualTo(1);
        Optional<String> line = err.lines().filter(l -> l.startsWith("passgate: cannot start: ")).findFirst();
        if (line.isEmpty()) {
            return err.lines().filter(l -> l.startsWith(file + ":")).toList();
        }
        return Arrays.asList(line.get().substring("passgate: cannot start: ".length())
                .split("; (?=" + Pattern.quote(file.toString()) + ":)"));
    }

    private Kiosk kiosk(Path file) throws KioskException {
        Environment env = new Environment(MonotonicClock.startingAt(NOW, System::nanoTime), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(console, true, StandardCharsets.UTF_8),
                TrustStore.empty(), decision -> { });
        return Kiosk.assemble(((ConfigResult.Loaded) ConfigLoader.load(file)).config(), env);
    }

    private static String scan(Kiosk kiosk, String text) {
        return kiosk.gate().handle(new ScannedCode("test", text, false, System.nanoTime())).outcome().verdict()
                .name();
    }

    private static List<String> concat(List<String> head, String last) {
        return java.util.stream.Stream.concat(head.stream(), java.util.stream.Stream.of(last)).toList();
    }
}
