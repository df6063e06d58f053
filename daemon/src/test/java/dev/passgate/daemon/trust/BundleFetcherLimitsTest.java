package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.passgate.config.FetchLimits;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.trust.BundleFetcher.FetchResult;
import dev.passgate.hal.ManualDelays;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher against a hostile server on loopback: a huge {@code Content-Length}, an endless body, a body of one
 * byte a second, a server that never answers, a redirect to a foreign plain-http host (127.0.0.2), and a file
 * system without room. Every case is refused with its reason, quickly, leaving the installed bundle and no
 * temporary file; the status counts the failures and names the last one.
 */
class BundleFetcherLimitsTest {
    private static final Instant NOW = Instant.parse("2024-05-02T00:00:00Z");
    private static final KeyPair ROOT = RootKeys.generate();
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("limits test", NOW.minus(Duration.ofDays(9)),
            NOW.plus(Duration.ofDays(300)));
    private static final FetchLimits LIMITS = new FetchLimits(1 << 20, 0, Duration.ofSeconds(3), 100);
    private static final Duration WINDOW = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private HttpServer server;
    private HttpServer foreign;
    private final AtomicInteger foreignRequests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Handler handler;
    private Path installed;
    private BundleInstaller installer;
    private byte[] v7;
    private byte[] v8;

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    @BeforeEach
    void startServers() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try {
                handler.handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The fetcher hung up, as it should.
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        foreign = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        foreign.createContext("/", exchange -> {
            foreignRequests.incrementAndGet();
            send(exchange, v8);
        });
        foreign.start();
        installed = Files.createDirectories(dir.resolve("site")).resolve("trust-bundle.pgtb");
        installer = new BundleInstaller(installed, TestBundles.pinned(ROOT), Clock.fixed(NOW, ZoneOffset.UTC));
        v7 = bundle(7);
        v8 = bundle(8);
        handler = exchange -> send(exchange, v7);
        assertThat(fetcher().fetchOnce().failed()).isFalse();
    }

    @AfterEach
    void stopServers() {
        release.countDown();
        server.stop(0);
        foreign.stop(0);
    }

    @Test
    void refusesAContentLengthAboveTheLimitBeforeReadingTheBody() throws Exception {
        handler = exchange -> {
            exchange.sendResponseHeaders(200, 2L << 30);
            exchange.getResponseBody().write(new byte[4096]);
            release.await(10, TimeUnit.SECONDS);
        };

        FetchResult result = fetcher().fetchOnce();

        assertThat(result).isInstanceOf(FetchResult.Failed.class);
        assertThat(((FetchResult.Failed) result).reason()).contains("found Content-Length 2147483648, expected at most "
                + "1048576 (trust.max_bundle_bytes); not downloaded");
        assertKeptV7AndNoTemporaryFile();
    }

    @Test
    void cutsOffAnEndlessBodyWithoutContentLengthAtTheLimit() throws Exception {
        handler = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = new byte[64 << 10];
            for (int i = 0; i < 1024 && release.getCount() > 0; i++) {
                out.write(chunk);
            }
        };

        FetchResult result = fetcher().fetchOnce();

        assertThat(((FetchResult.Failed) result).reason()).contains("found a body longer than 1048576 bytes");
        assertKeptV7AndNoTemporaryFile();
    }

    @Test
    void abandonsABodyOfOneByteASecond() throws Exception {
        handler = exchange -> {
            exchange.sendResponseHeaders(200, v8.length);
            OutputStream out = exchange.getResponseBody();
            for (byte b : v8) {
                out.write(b);
                out.flush();
                if (release.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            }
        };
        long started = System.nanoTime();

        FetchResult result = fetcher().fetchOnce();

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("one byte a second: abandoned after " + millis + " ms");
        assertThat(((FetchResult.Failed) result).reason()).contains("bytes of the body in 500 ms, expected at least "
                + "50 (100 bytes/s, trust.fetch_min_bytes_per_second)");
        assertKeptV7AndNoTemporaryFile();
    }

    @Test
    void givesUpOnAServerThatNeverAnswersAtTheDeadline() throws Exception {
        handler = exchange -> release.await(30, TimeUnit.SECONDS);

        FetchResult result = fetcher().fetchOnce();

        assertThat(((FetchResult.Failed) result).reason()).contains("3000 ms (trust.fetch_timeout_ms)");
        assertKeptV7AndNoTemporaryFile();
    }

    @Test
    void refusesARedirectToAForeignPlainHttpHostButFollowsOneOnLoopback() throws Exception {
        String foreignUrl = "http://127.0.0.2:" + foreign.getAddress().getPort() + "/kiosk.pgtb";
        handler = exchange -> {
            exchange.getResponseHeaders().add("Location", foreignUrl);
            exchange.sendResponseHeaders(302, -1);
        };

        FetchResult refused = fetcher().fetchOnce();

        assertThat(((FetchResult.Failed) refused).reason()).contains("refused to follow HTTP 302 to " + foreignUrl
                + ", expected https, or http on a loopback host");
        assertThat(foreignRequests).hasValue(0);
        assertKeptV7AndNoTemporaryFile();

        handler = exchange -> {
            if (exchange.getRequestURI().getPath().equals("/moved.pgtb")) {
                send(exchange, v8);
            } else {
                exchange.getResponseHeaders().add("Location", "/moved.pgtb");
                exchange.sendResponseHeaders(301, -1);
            }
        };
        FetchResult followed = fetcher().fetchOnce();

        assertThat(((FetchResult.Done) followed).install()).isInstanceOf(InstallResult.Installed.class);
        assertThat(installer.installedVersion()).isEqualTo(8);
    }

    @Test
    void refusesToWriteWhenTheBundleWouldEatIntoTheFreeSpaceReserve() throws Exception {
        handler = exchange -> send(exchange, v8);
        FetchLimits reserve = new FetchLimits(1 << 20, 8L << 20, Duration.ofSeconds(3), 100);
        BundleFetcher fetcher = fetcher(reserve).withSeams(WINDOW, folder -> (8L << 20) + 100);

        FetchResult result = fetcher.fetchOnce();

        assertThat(((FetchResult.Failed) result).reason()).contains("bytes free for the bundle's folder, expected at "
                + "least " + ((8L << 20) + v8.length), "trust.free_space_reserve_megabytes); not downloaded");
        assertKeptV7AndNoTemporaryFile();
    }

    @Test
    void statusCountsFailuresInARowNamesTheLastAndResetsOnSuccess() throws Exception {
        BundleFetcher fetcher = fetcher();
        handler = exchange -> exchange.sendResponseHeaders(503, -1);
        for (int i = 0; i < FetchStatus.FAILURES_FOR_PROBLEM - 1; i++) {
            fetcher.fetchOnce();
        }
        assertThat(fetcher.status().problem()).isEmpty();

        fetcher.fetchOnce();
        FetchStatus failing = fetcher.status();

        assertThat(failing.consecutiveFailures()).isEqualTo(3);
        assertThat(failing.lastSuccess()).isEmpty();
        assertThat(failing.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("failed 3 times in a row (no success since start)", "found HTTP 503, expected 200 or 304"));
        assertThat(failing.toJson().get("lastError").AsString()).contains("HTTP 503");

        handler = exchange -> send(exchange, v8);
        fetcher.fetchOnce();
        FetchStatus recovered = fetcher.status();

        assertThat(recovered.consecutiveFailures()).isZero();
        assertThat(recovered.lastSuccess()).isEqualTo(recovered.lastAttempt()).isPresent();
        assertThat(recovered.problem()).isEmpty();
        assertThat(recovered.lastError()).hasValueSatisfying(error -> assertThat(error).contains("HTTP 503"));
    }

    @Test
    void refusesAMalformedContentLengthWithAVerdict() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket socket = raw.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n"
                            + "x".repeat(64)).getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // The fetcher hung up.
                }
            });
            answer.start();
            URI url = URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/kiosk.pgtb");
            BundleFetcher fetcher = new BundleFetcher(url, BundleFetcher.defaultClient(), installer,
                    Duration.ofHours(1), new ManualDelays(), () -> 0.5, r -> { }, LIMITS,
                    Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime);

            FetchResult result = fetcher.fetchOnce();

            System.out.println("malformed Content-Length: " + ((FetchResult.Failed) result).reason());
            assertThat(fetcher.status().consecutiveFailures()).isEqualTo(1);
            assertKeptV7AndNoTemporaryFile();
            answer.join(5_000);
        }
    }

    @Test
    void removesTemporaryFilesLeftByACrashButNothingElse() throws Exception {
        Path stale = Files.write(installed.resolveSibling(".trust-bundle.pgtb.123456.tmp"), new byte[70_000]);
        Path other = Files.write(installed.resolveSibling("notes.tmp"), new byte[10]);

        long freed = BundleInstaller.removeStaleTemps(installed);

        assertThat(freed).isEqualTo(70_000);
        assertThat(stale).doesNotExist();
        assertThat(other).exists();
        assertThat(installed).exists();
    }

    private void assertKeptV7AndNoTemporaryFile() throws IOException {
        assertThat(installer.installedVersion()).isEqualTo(7);
        try (Stream<Path> files = Files.list(installed.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    private BundleFetcher fetcher() {
        return fetcher(LIMITS);
    }

    private BundleFetcher fetcher(FetchLimits limits) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/kiosk.pgtb");
        return new BundleFetcher(url, BundleFetcher.defaultClient(), installer, Duration.ofHours(1),
                new ManualDelays(), () -> 0.5, result -> { }, limits, Clock.fixed(NOW, ZoneOffset.UTC),
                System::nanoTime).withSeams(WINDOW, BoundedDownload.UsableSpace.FILE_STORE);
    }

    private byte[] bundle(long version) throws Exception {
        Path file = TestBundles.write(dir.resolve("v" + version + ".pgtb"), version, NOW.minus(Duration.ofHours(2)),
                TestBundles.content(ISSUER), ROOT);
        return Files.readAllBytes(file);
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
