package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.trust.BundleFetcher.FetchResult;
import dev.passgate.hal.ManualDelays;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a real HTTP server on loopback, with time moved by hand and a fixed random source. */
class BundleFetcherTest {
    private static final Instant NOW = Instant.parse("2024-05-02T00:00:00Z");
    private static final KeyPair ROOT = RootKeys.generate();
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("fetch test", NOW.minus(Duration.ofDays(9)),
            NOW.plus(Duration.ofDays(300)));
    private static final String ETAG = "\"bundle-7\"";
    private static final String MODIFIED = "Wed, 01 May 2024 18:00:00 GMT";

    @TempDir
    Path dir;

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Reply reply = new Reply(500, new byte[0], false);
    private HttpServer server;
    private Path installed;
    private BundleInstaller installer;
    private final ManualDelays delays = new ManualDelays();

    private record Request(String ifNoneMatch, String ifModifiedSince) {
    }

    private record Reply(int status, byte[] body, boolean cutShort) {
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/kiosk.pgtb", this::serve);
        server.start();
        installed = Files.createDirectories(dir.resolve("site")).resolve("trust-bundle.pgtb");
        installer = new BundleInstaller(installed, TestBundles.pinned(ROOT), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void installsA200ThenSendsItsValidatorsAndA304ChangesNothing() throws Exception {
        byte[] v7 = bundle(7);
        reply = new Reply(200, v7, false);
        BundleFetcher fetcher = fetcher(Duration.ofHours(1));

        FetchResult first = fetcher.fetchOnce();

        assertThat(first).isInstanceOf(FetchResult.Done.class);
        assertThat(((FetchResult.Done) first).install()).isInstanceOf(InstallResult.Installed.class);
        assertThat(Files.readAllBytes(installed)).isEqualTo(v7);
        assertThat(requests.get(0)).isEqualTo(new Request(null, null));

        reply = new Reply(304, new byte[0], false);
        long modified = Files.getLastModifiedTime(installed).toMillis();
        FetchResult second = fetcher.fetchOnce();

        assertThat(second).isInstanceOf(FetchResult.NotModified.class);
        assertThat(requests.get(1)).isEqualTo(new Request(ETAG, MODIFIED));
        assertThat(Files.readAllBytes(installed)).isEqualTo(v7);
        assertThat(Files.getLastModifiedTime(installed).toMillis()).isEqualTo(modified);
    }

    @Test
    void refusesAGarbageBodyAndKeepsTheInstalledBundleAndValidators() throws Exception {
        byte[] v7 = bundle(7);
        reply = new Reply(200, v7, false);
        BundleFetcher fetcher = fetcher(Duration.ofHours(1));
        fetcher.fetchOnce();
        reply = new Reply(200, "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.US_ASCII), false);

        FetchResult result = fetcher.fetchOnce();

        assertThat(result.failed()).isTrue();
        InstallResult refused = ((FetchResult.Done) result).install();
        assertThat(refused).isEqualTo(new InstallResult.Refused(
                "found no \"PGTB\" magic at the start, expected a passgate trust bundle", 7));
        assertThat(Files.readAllBytes(installed)).isEqualTo(v7);
        assertThat(SyncState.read(SyncState.fileFor(installed)).etag()).contains(ETAG);
    }

    @Test
    void aDownloadCutShortLeavesTheInstalledBundleAndNoTemporaryFile() throws Exception {
        byte[] v7 = bundle(7);
        reply = new Reply(200, v7, false);
        BundleFetcher fetcher = fetcher(Duration.ofHours(1));
        fetcher.fetchOnce();
        reply = new Reply(200, bundle(8), true);

        FetchResult result = fetcher.fetchOnce();

        assertThat(result).isInstanceOf(FetchResult.Failed.class);
        assertThat(Files.readAllBytes(installed)).isEqualTo(v7);
        try (Stream<Path> files = Files.list(installed.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(name -> !name.endsWith(".tmp"));
        }
    }

    @Test
    void refusesAnOlderBundleFromTheServer() throws Exception {
        reply = new Reply(200, bundle(7), false);
        BundleFetcher fetcher = fetcher(Duration.ofHours(1));
        fetcher.fetchOnce();
        reply = new Reply(200, bundle(5), false);

        FetchResult result = fetcher.fetchOnce();

        assertThat(((InstallResult.Refused) ((FetchResult.Done) result).install()).reason())
                .isEqualTo("found version 5, expected a version greater than the installed 7 (no rollback)");
        assertThat(installer.installedVersion()).isEqualTo(7);
    }

    @Test
    void backsOffExponentiallyWithFullJitterAfterFailuresThenReturnsToTheInterval() throws Exception {
        // given a server that fails, a random source that always says 0.5 and an interval of one hour
        reply = new Reply(500, new byte[0], false);
        BundleFetcher fetcher = fetcher(Duration.ofHours(1));

        // when the fetcher starts, the first attempt comes half-way into the first minute
        fetcher.start();
        delays.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(requests).isEmpty();
        delays.advance(Duration.ofMillis(1));
        assertThat(requests).hasSize(1);

        // then each failure waits half of 5 s, 10 s, 20 s, 40 s ...
        for (long expectedMillis : new long[] {2_500, 5_000, 10_000, 20_000}) {
            int before = requests.size();
            delays.advance(Duration.ofMillis(expectedMillis - 1));
            assertThat(requests).hasSize(before);
            delays.advance(Duration.ofMillis(1));
            assertThat(requests).hasSize(before + 1);
        }
        assertThat(fetcher.failures()).isEqualTo(5);

        // and after a success the next attempt is one interval later (jitter at its middle)
        reply = new Reply(200, bundle(7), false);
        delays.advance(Duration.ofSeconds(40));
        assertThat(fetcher.failures()).isZero();
        assertThat(installer.installedVersion()).isEqualTo(7);
        int afterSuccess = requests.size();
        delays.advance(Duration.ofHours(1).minusMillis(1));
        assertThat(requests).hasSize(afterSuccess);
        delays.advance(Duration.ofMillis(1));
        assertThat(requests).hasSize(afterSuccess + 1);

        fetcher.stop();
        assertThat(delays.pendingCount()).isZero();
    }

    @Test
    void refusesPlainHttpToAHostThatIsNotLoopback() {
        assertThatThrownBy(() -> new BundleFetcher(URI.create("http://trust.example.org/kiosk.pgtb"),
                BundleFetcher.defaultClient(), installer, Duration.ofHours(1), delays, () -> 0.5, r -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private BundleFetcher fetcher(Duration interval) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/kiosk.pgtb");
        return new BundleFetcher(url, BundleFetcher.defaultClient(), installer, interval, delays, () -> 0.5,
                result -> { });
    }

    private byte[] bundle(long version) throws Exception {
        Path file = TestBundles.write(dir.resolve("v" + version + ".pgtb"), version, NOW.minus(Duration.ofHours(2)),
                TestBundles.content(ISSUER), ROOT);
        return Files.readAllBytes(file);
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.add(new Request(exchange.getRequestHeaders().getFirst("If-None-Match"),
                exchange.getRequestHeaders().getFirst("If-Modified-Since")));
        Reply now = reply;
        exchange.getResponseHeaders().add("ETag", ETAG);
        exchange.getResponseHeaders().add("Last-Modified", MODIFIED);
        if (now.status() == 304) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(now.status(), now.body().length == 0 ? -1 : now.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(now.body(), 0, now.cutShort() ? now.body().length / 2 : now.body().length);
        }
    }
}
