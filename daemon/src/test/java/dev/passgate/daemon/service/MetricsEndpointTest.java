package dev.passgate.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.daemon.app.Environment;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint of a real kiosk, scraped over loopback HTTP and parsed as the text format. */
class MetricsEndpointTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    /** One sample line of the text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[a-zA-Z_]+=\"[^\"]*\"(?:,[a-zA-Z_]+=\"[^\"]*\")*})?) "
                    + "(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|\\+Inf|NaN)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-z_]+ .+");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void countsVerdictsLatencyQueueDepthAndUploadErrorsAsScansHappen() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"kiosk-metrics\"\n"
                + "data_dir = \"data\"\n[upload]\nenabled = true\nurl = \"http://127.0.0.1:" + closedPort
                + "/v1/batches\"\nstartup_spread_ms = 0\nmin_backoff_ms = 100\nmax_backoff_ms = 1000\n");
        Environment env = new Environment(MonotonicClock.startingAt(NOW, System::nanoTime), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                PASSES.trust(), decision -> { });
        try (Kiosk kiosk = Kiosk.assemble(((ConfigResult.Loaded) ConfigLoader.load(config)).config(), env);
             MetricsServer server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     kiosk.vitals()::prometheus)) {
            URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
            Map<String, Double> before = scrape(uri);

            for (DemoPasses.Sample sample : PASSES.samples()) {
                kiosk.gate().handle(new ScannedCode("test", sample.text(), false, System.nanoTime()));
            }
            kiosk.gate().handle(new ScannedCode("test", PASSES.samples().get(0).text(), false, System.nanoTime()));
            kiosk.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (kiosk.vitals().uploadErrors() < 1 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            Map<String, Double> after = scrape(uri);

            assertThat(before).containsEntry("passgate_up", 1.0)
                    .containsEntry("passgate_verdicts_total{verdict=\"VALID\"}", 0.0)
                    .containsEntry("passgate_scan_decision_seconds_count", 0.0)
                    .containsEntry("passgate_entry_log_pending", 0.0)
                    .containsEntry("passgate_upload_errors_total", 0.0)
                    .containsEntry("passgate_clock_trusted", 1.0)
                    .containsEntry("passgate_config_reload_ok", 1.0)
                    .doesNotContainKey("passgate_trust_staleness{state=\"FRESH\"}");
            assertThat(after).containsEntry("passgate_verdicts_total{verdict=\"VALID\"}", 2.0)
                    .containsEntry("passgate_verdicts_total{verdict=\"EXPIRED\"}", 1.0)
                    .containsEntry("passgate_verdicts_total{verdict=\"INVALID_SIGNATURE\"}", 1.0)
                    .containsEntry("passgate_verdicts_total{verdict=\"UNKNOWN_ISSUER\"}", 1.0)
                    .containsEntry("passgate_scan_decision_seconds_count", 5.0)
                    .containsEntry("passgate_scan_decision_seconds_bucket{le=\"+Inf\"}", 5.0)
                    .containsEntry("passgate_entry_log_pending", 5.0)
                    .hasEntrySatisfying("passgate_upload_errors_total", errors -> assertThat(errors).isPositive());
            assertThat(after.get("passgate_scan_decision_seconds_sum")).isPositive();
            assertThat(after.get("passgate_scan_decision_seconds_bucket{le=\"0.000016\"}"))
                    .isLessThanOrEqualTo(after.get("passgate_scan_decision_seconds_bucket{le=\"8.388608\"}"));
        }
    }

    @Test
    void answersOnlyGetAndHeadOnSlashMetrics() throws Exception {
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> "passgate_up 1\n")) {
            String base = "http://127.0.0.1:" + server.address().getPort();

            HttpResponse<String> metrics = get(URI.create(base + "/metrics"));
            HttpResponse<String> other = get(URI.create(base + "/"));
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).contains(MetricsServer.CONTENT_TYPE);
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    /** Every line must be a HELP/TYPE comment or a sample; returns the samples by name and labels. */
    private Map<String, Double> scrape(URI uri) throws Exception {
        HttpResponse<String> response = get(uri);
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("#")) {
                assertThat(line).matches(COMMENT);
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as(line).isTrue();
            samples.put(sample.group(1), Double.valueOf(sample.group(2).replace("+Inf", "Infinity")));
        }
        return samples;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
