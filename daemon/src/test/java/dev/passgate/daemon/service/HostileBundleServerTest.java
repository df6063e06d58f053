package dev.passgate.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.trust.BundleContent;
import dev.passgate.daemon.trust.BundleInstaller;
import dev.passgate.daemon.trust.BundleWriter;
import dev.passgate.daemon.trust.InstallResult;
import dev.passgate.daemon.trust.PinnedRoots;
import dev.passgate.daemon.trust.RootKeys;
import dev.passgate.daemon.verify.TrustStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile bundle server against a running daemon ({@code passgate run} in a child JVM) whose data folder is a
 * small tmpfs (8 MiB; a plain folder, said so on standard output, where mounting is not permitted). The server
 * answers each attempt with the next misdeed: a 2 GiB {@code Content-Length}, a body of one byte a second, a body
 * cut short, a redirect to a foreign plain-http host (127.0.0.2), an older bundle and a bundle signed by a foreign
 * root; then it streams a bundle slowly and the daemon is killed with SIGKILL half way. Throughout, scans keep being
 * decided and logged, the installed bundle stays, the temporary files never hold more than
 * {@code trust.max_bundle_bytes}, {@code passgate status} names the failing fetch, and the daemon restarts cleanly
 * (the half download removed); a bundle installed by hand while a download of one byte a second is under way is
 * taken up within the watch interval. Fetch limits are set short so that the test stays fast; the schedule is the real
 * one, so most of its run time is the fetcher's randomised backoff.
 */
class HostileBundleServerTest {
    private static final int START_MS = 90_000;
    private static final int WAIT_MS = 60_000;
    private static final int MAX_BUNDLE_BYTES = 1 << 20;
    private static final KeyPair ROOT = RootKeys.generate();
    private static final KeyPair FOREIGN_ROOT = RootKeys.generate();
    private static final Instant NOW = Instant.now();
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("hostile server test", NOW.minus(Duration.ofDays(9)),
            NOW.plus(Duration.ofDays(300)));
    private static final List<String> MISDEEDS = List.of("huge", "slow", "truncated", "redirected", "rolled-back",
            "foreign-root");

    @TempDir
    Path dir;

    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger foreignRequests = new AtomicInteger();
    private final AtomicInteger trickles = new AtomicInteger();
    private final AtomicLong peakTempBytes = new AtomicLong();
    private final AtomicLong leastFreeBytes = new AtomicLong(Long.MAX_VALUE);
    private final Map<String, byte[]> bundles = new java.util.concurrent.ConcurrentHashMap<>();
    private HttpServer server;
    private HttpServer foreign;
    private Path data;
    private boolean mounted;
    private volatile boolean restarted;
    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        for (Process daemon : daemons) {
            daemon.destroyForcibly().waitFor(WAIT_MS, TimeUnit.MILLISECONDS);
        }
        if (server != null) {
            server.stop(0);
        }
        if (foreign != null) {
            foreign.stop(0);
        }
        serverThreads.shutdownNow();
        if (mounted) {
            new ProcessBuilder("umount", "-l", data.toString()).inheritIO().start().waitFor(WAIT_MS,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void aHostileServerCannotStopDecisionsNorReplaceTheBundleNorFillTheDisk() throws Exception {
        // given a daemon on a small data folder with bundle version 7 installed, fetching from a hostile server
        int metricsPort = freePort();
        Path config = given(metricsPort);
        Path control = data.resolve("control/passgate.sock");
        Thread sampler = sampler();
        String pass = pass();

        Process daemon = start(config, "first");
        OutputStream stdin = daemon.getOutputStream();
        CBORObject first = awaitStatus(control, s -> true, START_MS);
        long decided = scanAndAwait(stdin, control, pass, 0);

        // when each attempt meets the next misdeed
        List<String> seen = new ArrayList<>();
        for (int failures = 1; failures <= MISDEEDS.size(); failures++) {
            int expected = failures;
            CBORObject status = awaitStatus(control, s -> fetch(s).map(f -> f.get("consecutiveFailures").AsInt32())
                    .orElse(0) >= expected, WAIT_MS);
            seen.add(fetch(status).orElseThrow().get("lastError").AsString());
            decided = scanAndAwait(stdin, control, pass, decided);
            assertThat(status.get("trust").get("version").AsInt64()).isEqualTo(7);
        }
        CBORObject failing = awaitStatus(control, s -> true, WAIT_MS);
        String metrics = metrics(metricsPort);
        CliRun human = CliRun.main("status", "--socket", control.toString());

        // then every misdeed was refused with its reason and nothing of it was installed
        System.out.println("hostile server: attempts " + requests.get() + ", decisions " + decided
                + ", peak temporary bytes " + peakTempBytes.get() + ", least free bytes " + leastFreeBytes.get()
                + (mounted ? " on an 8 MiB tmpfs" : " on a plain folder"));
        seen.forEach(reason -> System.out.println("  refused: " + reason));
        assertThat(seen.get(0)).contains("found Content-Length 2147483648, expected at most 1048576");
        assertThat(seen.get(1)).contains("not complete within 3000 ms (trust.fetch_timeout_ms)");
        assertThat(seen.get(2)).contains("cannot fetch");
        assertThat(seen.get(3)).contains("refused to follow HTTP 302 to http://127.0.0.2:");
        assertThat(seen.get(4)).contains("found version 5, expected a version greater than the installed 7");
        assertThat(seen.get(5)).contains("refused the fetched bundle");
        assertThat(foreignRequests).hasValue(0);
        assertThat(failing.get("state").AsString()).isEqualTo("degraded");
        assertThat(failing.get("problems").get(0).AsString()).contains("trust bundle fetch from",
                "failed 6 times in a row", "refused the fetched bundle");
        assertThat(failing.get("entryLog").get("unlogged").AsInt64()).isZero();
        assertThat(first.get("trust").get("fetch").get("url").AsString()).endsWith("/kiosk.pgtb");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.out()).contains("6 failure(s) in a row", "failed 6 times in a row");
        assertThat(metrics).contains("passgate_trust_fetch_consecutive_failures 6",
                "passgate_trust_fetch_last_attempt_timestamp_seconds ",
                "passgate_trust_fetch_last_error_timestamp_seconds ");
        assertThat(peakTempBytes.get()).isLessThanOrEqualTo(MAX_BUNDLE_BYTES);

        // when the daemon is killed half way through a slow download
        Path half = awaitTempFile();
        daemon.destroyForcibly();
        assertThat(daemon.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        long halfBytes = Files.exists(half) ? Files.size(half) : -1;
        restarted = true;
        Path patient = Files.writeString(dir.resolve("patient.toml"), Files.readString(config)
                .replace("fetch_timeout_ms = 3000", "fetch_timeout_ms = 120000")
                .replace("fetch_min_bytes_per_second = 1024", "fetch_min_bytes_per_second = 1"));
        Process restarted = start(patient, "second");
        CBORObject again = awaitStatus(control, s -> true, START_MS);
        long afterRestart = scanAndAwait(restarted.getOutputStream(), control, pass, 0);

        // then it starts cleanly, without the half download, with the installed bundle, and keeps deciding
        System.out.println("killed with " + halfBytes + " bytes of a download in " + half.getFileName());
        assertThat(halfBytes).isPositive();
        assertThat(half).doesNotExist();
        assertThat(again.get("trust").get("version").AsInt64()).isEqualTo(7);
        assertThat(afterRestart).isEqualTo(1);
        assertThat(again.get("entryLog").get("lastSequence").AsInt64()).isGreaterThanOrEqualTo(decided);
        assertThat(Files.readString(dir.resolve("target/tinylog-test.log")))
                .contains("removed 1 stale temporary bundle file(s)");

        // and a bundle installed by hand while a download of one byte a second is under way is taken up at once
        assertHandInstallTakenUpDuringDownload(restarted, patient, control, pass);
        sampler.interrupt();
        restarted.getOutputStream().close();
        assertThat(restarted.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(peakTempBytes.get()).isLessThanOrEqualTo(MAX_BUNDLE_BYTES);
    }

    /** Mounts the data folder, installs version 7, starts the servers and writes the configuration. */
    private Path given(int metricsPort) throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        mounted = mountTmpfs(data);
        bundles.put("v7", bundle(7, ROOT));
        bundles.put("v5", bundle(5, ROOT));
        bundles.put("v9", bundle(9, ROOT));
        bundles.put("foreign", bundle(10, FOREIGN_ROOT));
        Path bundleFile = data.resolve("trust-bundle.pgtb");
        Path offered = Files.write(dir.resolve("v7.pgtb"), bundles.get("v7"));
        assertThat(new BundleInstaller(bundleFile, PinnedRoots.ofKeys(List.of(ROOT.getPublic())), Clock.systemUTC())
                .install(offered)).isInstanceOf(InstallResult.Installed.class);
        startServers();
        return config(metricsPort);
    }

    /**
     * Installs version 8 by hand once a download of one byte a second is under way, and checks that the daemon
     * takes it up (within its watch interval) while that download still runs, and keeps deciding.
     */
    private void assertHandInstallTakenUpDuringDownload(Process daemon, Path config, Path control, String pass)
            throws Exception {
        awaitTrickle();
        Path v8 = Files.write(dir.resolve("v8.pgtb"), bundle(8, ROOT));
        long installedAt = System.nanoTime();
        CliRun install = CliRun.main("bundle", "install", v8.toString(), "--config", config.toString());
        CBORObject taken = awaitStatus(control, s -> s.get("trust").get("version").AsInt64() == 8, WAIT_MS);
        long uptakeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - installedAt);

        System.out.println("installed by hand during a download: taken up after " + uptakeMillis + " ms, the "
                + "download still under way: " + (trickles.get() > 0));
        assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
        assertThat(trickles.get()).isPositive();
        assertThat(fetch(taken).orElseThrow().get("consecutiveFailures").AsInt32()).isZero();
        assertThat(scanAndAwait(daemon.getOutputStream(), control, pass, 1)).isEqualTo(2);
    }

    private static Optional<CBORObject> fetch(CBORObject status) {
        return Optional.ofNullable(status.get("trust")).map(trust -> trust.get("fetch"));
    }

    /**
     * The server's answer to the n-th request: each misdeed once, then a stream to be killed in, then (after the
     * restart) a body of one byte a second.
     */
    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        int n = requests.getAndIncrement();
        String misdeed = n < MISDEEDS.size() ? MISDEEDS.get(n) : restarted ? "trickle" : "stream";
        switch (misdeed) {
            case "huge" -> {
                exchange.sendResponseHeaders(200, 2L << 30);
                exchange.getResponseBody().write(new byte[64 << 10]);
                release.await(20, TimeUnit.SECONDS);
            }
            case "slow" -> {
                byte[] body = bundles.get("v9");
                exchange.sendResponseHeaders(200, body.length);
                for (int i = 0; i < body.length && !release.await(1, TimeUnit.SECONDS); i++) {
                    exchange.getResponseBody().write(body[i]);
                    exchange.getResponseBody().flush();
                }
            }
            case "truncated" -> {
                byte[] body = bundles.get("v9");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body, 0, body.length / 2);
            }
            case "redirected" -> {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + foreign.getAddress().getPort()
                        + "/kiosk.pgtb");
                exchange.sendResponseHeaders(302, -1);
            }
            case "rolled-back" -> send(exchange, bundles.get("v5"));
            case "foreign-root" -> send(exchange, bundles.get("foreign"));
            case "stream" -> {
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[16 << 10];
                for (int i = 0; i < 60 && !release.await(100, TimeUnit.MILLISECONDS); i++) {
                    exchange.getResponseBody().write(chunk);
                    exchange.getResponseBody().flush();
                }
            }
            default -> {
                byte[] body = bundles.get("v9");
                exchange.sendResponseHeaders(200, body.length);
                trickles.incrementAndGet();
                try {
                    for (int i = 0; i < body.length && !release.await(1, TimeUnit.SECONDS); i++) {
                        exchange.getResponseBody().write(body[i]);
                        exchange.getResponseBody().flush();
                    }
                } finally {
                    trickles.decrementAndGet();
                }
            }
        }
    }

    private void startServers() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try {
                serve(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The daemon hung up, as it should.
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(serverThreads);
        server.start();
        foreign = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        foreign.createContext("/", exchange -> {
            foreignRequests.incrementAndGet();
            send(exchange, bundles.get("v9"));
            exchange.close();
        });
        foreign.start();
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private Path config(int metricsPort) throws IOException {
        String root = Base64.getEncoder().encodeToString(ROOT.getPublic().getEncoded());
        return Files.writeString(dir.resolve("passgate.toml"), String.join("\n", "[device]", "id = \"kiosk-hostile\"",
                "data_dir = \"" + data + "\"", "[scan.stdin]", "enabled = true", "[verify]", "policy = \"none\"",
                "[trust]", "roots = [\"" + root + "\"]",
                "url = \"http://127.0.0.1:" + server.getAddress().getPort() + "/kiosk.pgtb\"",
                "fetch_interval_ms = 10000", "max_bundle_bytes = " + MAX_BUNDLE_BYTES,
                "free_space_reserve_megabytes = 2", "fetch_timeout_ms = 3000", "fetch_min_bytes_per_second = 1024",
                "[gate]", "clock_untrusted = \"flag\"", "[metrics]", "enabled = true",
                "listen = \"127.0.0.1:" + metricsPort + "\"", ""));
    }

    private static boolean mountTmpfs(Path folder) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", folder.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean done = mount.waitFor(WAIT_MS, TimeUnit.MILLISECONDS) && mount.exitValue() == 0;
        if (!done) {
            System.out.println("SKIPPED the 8 MiB tmpfs (mount not permitted here: " + output + "); the data folder "
                    + "is a plain folder, and the disk cap is checked on its temporary files only");
        }
        return done;
    }

    /** Samples the temporary files' bytes and the free space of the data folder every 20 ms. */
    private Thread sampler() {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long bytes = 0;
                    for (Path temp : temps()) {
                        bytes += Files.exists(temp) ? Files.size(temp) : 0;
                    }
                    peakTempBytes.accumulateAndGet(bytes, Math::max);
                    leastFreeBytes.accumulateAndGet(Files.getFileStore(data).getUsableSpace(), Math::min);
                    if (release.await(20, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (IOException e) {
                    // A file vanished between listing and sizing; sample again.
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tmp-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private List<Path> temps() throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private Path awaitTempFile() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            for (Path temp : temps()) {
                if (Files.exists(temp) && Files.size(temp) >= (64 << 10)) {
                    return temp;
                }
            }
            release.await(50, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("no download under way within " + WAIT_MS + " ms");
    }

    private void awaitTrickle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (trickles.get() == 0 && System.nanoTime() < deadline) {
            release.await(50, TimeUnit.MILLISECONDS);
        }
        assertThat(trickles.get()).as("a slow download under way").isPositive();
    }

    /** Scans the pass once and waits until the status counts one decision more, logged. */
    private static long scanAndAwait(OutputStream stdin, Path control, String pass, long before) throws Exception {
        stdin.write((pass + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        CBORObject status = awaitStatus(control, s -> s.get("latency").get("decisions").AsInt64() > before, WAIT_MS);
        assertThat(status.get("verdicts").get("VALID").AsInt64()).isEqualTo(before + 1);
        assertThat(status.get("entryLog").get("unlogged").AsInt64()).isZero();
        return before + 1;
    }

    private static CBORObject awaitStatus(Path control, Predicate<CBORObject> wanted, int millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        CountDownLatch never = new CountDownLatch(1);
        String last = "";
        while (System.nanoTime() < deadline) {
            CliRun run = CliRun.main("status", "--socket", control.toString(), "--json");
            last = run.out() + run.err();
            if (!run.out().isBlank()) {
                CBORObject status = CBORObject.FromJSONString(run.out().strip());
                if (wanted.test(status)) {
                    return status;
                }
            }
            never.await(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("status not as expected within " + millis + " ms; last: " + last);
    }

    private static String metrics(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private Process start(Path config, String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.passgate.daemon.cli.Main", "run", "--config",
                config.toString())
                .redirectError(dir.resolve(name + ".err").toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .directory(dir.toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("WATCHDOG_USEC");
        Process process = builder.start();
        daemons.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private byte[] bundle(long version, KeyPair root) throws Exception {
        Path file = dir.resolve("bundle-" + version + ".pgtb");
        BundleContent content = new BundleContent(List.of(new BundleContent.DccSigner("KR",
                Base64.getEncoder().encodeToString(TrustStore.dccKeyId(ISSUER.certificate())), ISSUER.certificate())),
                List.of(), List.of(), Map.of(), Optional.empty());
        BundleWriter.bundle(version, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30))).content(content)
                .signWith(root.getPrivate()).writeTo(file);
        return Files.readAllBytes(file);
    }

    private static String pass() {
        CBORObject hcert = CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "DOE").Add("gnt", "JANE"))
                .Add("dob", "1990-01-01")
                .Add("v", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("tg", "840539006")
                        .Add("dn", 2).Add("sd", 2).Add("dt", "2024-03-01").Add("co", "KR")
                        .Add("ci", "URN:UVCI:01:KR:HOSTILE#0")));
        return ISSUER.sign(hcert, "KR", NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(30)));
    }
}
