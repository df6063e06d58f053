package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.trust.BundleContent;
import dev.passgate.daemon.trust.BundleFetcher;
import dev.passgate.daemon.trust.BundleInstaller;
import dev.passgate.daemon.trust.BundleWriter;
import dev.passgate.daemon.trust.InstallResult;
import dev.passgate.daemon.trust.PinnedRoots;
import dev.passgate.daemon.trust.RootKeys;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk with bundle-managed trust: the gate decides with the installed bundle and a new one replaces it live. */
class KioskTrustTest {
    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final KeyPair ROOT = RootKeys.generate();
    private static final Hc1Issuer ALPHA = Hc1Issuer.create("alpha", NOW.minus(Duration.ofDays(90)),
            NOW.plus(Duration.ofDays(90)));
    private static final Hc1Issuer BETA = Hc1Issuer.create("beta", NOW.minus(Duration.ofDays(90)),
            NOW.plus(Duration.ofDays(90)));

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void decidesWithTheInstalledBundleAndSwapsInANewOneWithoutARestart() throws Exception {
        PassgateConfig config = config("");
        install(config, bundle(1, ALPHA));
        BlockingQueue<Long> fedVersions = new LinkedBlockingQueue<>();

        try (Kiosk kiosk = Kiosk.assemble(config, environment(), Optional.of((entries, version) -> {
            entries.forEachRemaining(entry -> { });
            fedVersions.add(version);
        }))) {
            kiosk.start();
            Long firstFed = fedVersions.poll(10, TimeUnit.SECONDS);
            Decision alpha = scan(kiosk, pass(ALPHA));
            Decision beta = scan(kiosk, pass(BETA));
            install(config, bundle(2, BETA));
            kiosk.trust().orElseThrow().manager().refresh();
            Decision alphaAfter = scan(kiosk, pass(ALPHA));
            Decision betaAfter = scan(kiosk, pass(BETA));

            assertThat(alpha.outcome().verdict()).isEqualTo(Verdict.VALID);
            assertThat(alpha.outcome().checks()).containsEntry("trust", true);
            assertThat(beta.outcome().verdict()).isEqualTo(Verdict.UNKNOWN_ISSUER);
            assertThat(alphaAfter.outcome().verdict()).isEqualTo(Verdict.UNKNOWN_ISSUER);
            assertThat(betaAfter.outcome().verdict()).isEqualTo(Verdict.VALID);
            assertThat(firstFed).isEqualTo(1L);
            assertThat(fedVersions.poll(10, TimeUnit.SECONDS)).as("revocations of version 2").isEqualTo(2L);
        }
    }

    @Test
    void failsClosedWithoutABundleUntilTheFetcherBringsOne() throws Exception {
        byte[] bundle = Files.readAllBytes(bundle(1, ALPHA));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/kiosk.pgtb", exchange -> {
            exchange.sendResponseHeaders(200, bundle.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bundle);
            }
        });
        server.start();
        try {
            // given a kiosk that trusts ALPHA by a trust file too, pins a root, and has no bundle yet
            Files.writeString(dir.resolve("alpha.txt"), Base64.getEncoder().encodeToString(
                    ALPHA.certificate().getEncoded()));
            PassgateConfig config = config("url = \"http://127.0.0.1:" + server.getAddress().getPort()
                    + "/kiosk.pgtb\"\n", "trust = [\"alpha.txt\"]\n");
            try (Kiosk kiosk = Kiosk.assemble(config, environment())) {
                kiosk.start();
                Decision before = scan(kiosk, pass(ALPHA));
                BundleFetcher.FetchResult fetched = kiosk.trust().orElseThrow().fetcher().orElseThrow().fetchOnce();
                Decision after = scan(kiosk, pass(ALPHA));

                assertThat(before.outcome().verdict()).isEqualTo(Verdict.TRUST_EXPIRED);
                assertThat(before.outcome().reason()).startsWith("trust data expired: no trust bundle is installed");
                assertThat(((BundleFetcher.FetchResult.Done) fetched).install())
                        .isInstanceOf(InstallResult.Installed.class);
                assertThat(after.outcome().verdict()).isEqualTo(Verdict.VALID);
                assertThat(console.toString(StandardCharsets.UTF_8)).contains("[light] AMBER");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void clockBehindTheInstalledBundlesIssueTimeIsUntrusted() throws Exception {
        PassgateConfig config = config("");
        Path future = dir.resolve("future.pgtb");
        BundleContent content = new BundleContent(List.of(new BundleContent.DccSigner("KR",
                Base64.getEncoder().encodeToString(TrustStore.dccKeyId(ALPHA.certificate())), ALPHA.certificate())),
                List.of(), List.of(), Map.of(), Optional.empty());
        BundleWriter.bundle(1, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).content(content)
                .signWith(ROOT.getPrivate()).writeTo(future);
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        assertThat(new BundleInstaller(config.trust().bundleFile(), PinnedRoots.ofKeys(List.of(ROOT.getPublic())),
                later).install(future)).isInstanceOf(InstallResult.Installed.class);

        try (Kiosk kiosk = Kiosk.assemble(config, environment())) {
            kiosk.start();
            Decision decision = scan(kiosk, pass(ALPHA));

            assertThat(decision.outcome().verdict()).isEqualTo(Verdict.CLOCK_UNTRUSTED);
            assertThat(decision.outcome().reason()).contains("time floor");
        }
    }

    @Test
    void statusShowsTheTrustDataAndAReloadAppliesNewStalenessRules() throws Exception {
        PassgateConfig config = config("");
        install(config, bundle(1, ALPHA));
        try (Kiosk kiosk = Kiosk.assemble(config, environment())) {
            kiosk.start();
            CBORObject before = kiosk.status().toJson().get("trust");
            Decision admitted = scan(kiosk, pass(ALPHA));
            config("warn_after_ms = 60000\ndegraded_after_ms = 120000\ndegraded_mode = \"confirm\"\n");

            ReloadReport report = kiosk.reload();
            CBORObject after = kiosk.status().toJson().get("trust");
            Decision confirm = scan(kiosk, pass(ALPHA));

            assertThat(before.get("managed").AsBoolean()).isTrue();
            assertThat(before.get("state").AsString()).isEqualTo("FRESH");
            assertThat(before.get("version").AsInt64Value()).isEqualTo(1);
            assertThat(before.get("issuedAt").AsString()).isEqualTo(NOW.minus(Duration.ofHours(1)).toString());
            assertThat(before.get("ageSeconds").AsInt64Value()).isEqualTo(3600);
            assertThat(before.get("effect").AsString()).isEqualTo("ADMIT");
            assertThat(admitted.outcome().verdict()).isEqualTo(Verdict.VALID);
            assertThat(report.applied()).isTrue();
            assertThat(after.get("state").AsString()).isEqualTo("DEGRADED");
            assertThat(after.get("effect").AsString()).isEqualTo("CONFIRM");
            assertThat(after.get("entries").AsInt32Value()).isEqualTo(before.get("entries").AsInt32Value());
            assertThat(confirm.outcome().verdict()).isEqualTo(Verdict.CONFIRM_REQUIRED);
        }
    }

    private Decision scan(Kiosk kiosk, String text) {
        return kiosk.gate().handle(new ScannedCode("test", text, false, 0));
    }

    private Environment environment() {
        return new Environment(CLOCK, System::nanoTime, new ByteArrayInputStream(new byte[0]),
                new PrintStream(console, true, StandardCharsets.UTF_8), TrustStore.empty(), decision -> { });
    }

    private PassgateConfig config(String extraTrust) throws Exception {
        return config(extraTrust, "");
    }

    /** The venue policy is not under test here, so it is pinned to none. */
    private PassgateConfig config(String extraTrust, String extraVerify) throws Exception {
        String root = Base64.getEncoder().encodeToString(ROOT.getPublic().getEncoded());
        Path file = Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"kiosk-trust\"\n"
                + "data_dir = \"data\"\n[feedback]\nconsole = true\n[verify]\npolicy = \"none\"\n" + extraVerify
                + "[trust]\nroots = [\"" + root + "\"]\n" + extraTrust);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }

    private Path bundle(long version, Hc1Issuer issuer) throws Exception {
        Path file = dir.resolve("offered-" + version + ".pgtb");
        BundleContent content = new BundleContent(List.of(new BundleContent.DccSigner("KR",
                Base64.getEncoder().encodeToString(TrustStore.dccKeyId(issuer.certificate())), issuer.certificate())),
                List.of(), List.of(), Map.of(), Optional.empty());
        BundleWriter.bundle(version, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30))).content(content)
                .signWith(ROOT.getPrivate()).writeTo(file);
        return file;
    }

    private static void install(PassgateConfig config, Path bundle) throws Exception {
        BundleInstaller installer = new BundleInstaller(config.trust().bundleFile(),
                PinnedRoots.ofKeys(List.of(ROOT.getPublic())), CLOCK);
        assertThat(installer.install(bundle)).isInstanceOf(InstallResult.Installed.class);
    }

    private static String pass(Hc1Issuer issuer) {
        CBORObject hcert = CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "DOE").Add("gnt", "JANE"))
                .Add("dob", "1990-01-01")
                .Add("v", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("tg", "840539006")
                        .Add("dn", 2).Add("sd", 2).Add("dt", "2024-03-01").Add("co", "KR")
                        .Add("ci", "URN:UVCI:01:KR:KIOSKTRUST#0")));
        return issuer.sign(hcert, "KR", NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(30)));
    }
}
