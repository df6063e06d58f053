package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.daemon.demo.DemoPasses;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same round trip with the real daemon: {@code passgate run} in a child JVM reads eight passes from its standard
 * input, seals its entries to the authority's key, and its own uploader sends them over HTTP on loopback (through a
 * relay that keeps every byte) to the reference collector. The export with the private key gives back the decisions
 * the daemon logged ({@code scan from stdin: HC1 VALID (seq 1)}), every row verified; no personal value is in the
 * daemon's files, its log output, the collector's file or the wire.
 */
class AuthorityDaemonRoundTripTest {
    /** A JVM starting on a loaded CI machine can take a while; this is a deadline, not a measurement. */
    private static final long DEADLINE_MS = 120_000;
    private static final Pattern LOGGED = Pattern.compile("scan from stdin: (\\w+) (\\w+) \\(seq (\\d+)\\)");

    @TempDir
    Path dir;

    @Test
    void theDaemonSealsToTheAuthorityAndTheExportGivesBackWhatItLogged() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DemoPasses passes = DemoPasses.mint(now);
        Path keys = dir.resolve("authority");
        assertThat(CliRun.main("collector", "authority-keygen", "--out", keys.toString()).exitCode()).isZero();
        Path collectorDb = dir.resolve("collector.db");
        byte[] wire;
        try (CollectorStore store = CollectorStore.open(collectorDb, Clock.systemUTC());
             CollectorServer server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     0), store, CollectorServer.NONE);
             WireTap tap = new WireTap(server.address())) {
            Path config = config(passes, tap.port(), keys.resolve("authority.pub"));
            DeviceKey signing = DeviceKey.fromFile(dir.resolve("data/entry-log-signing.pem"));
            store.enroll("kiosk-child", signing.publicKey().getEncoded());
            Process daemon = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    "dev.passgate.daemon.cli.Main", "run", "--config", config.toString())
                    .redirectOutput(dir.resolve("daemon.out").toFile())
                    .redirectError(dir.resolve("daemon.err").toFile())
                    .directory(dir.toFile()).start();
            try (OutputStream stdin = daemon.getOutputStream()) {
                for (int round = 0; round < 2; round++) {
                    for (DemoPasses.Sample sample : passes.samples()) {
                        stdin.write((sample.text() + "\n").getBytes(StandardCharsets.US_ASCII));
                    }
                }
                stdin.flush();
                awaitUploaded(store, daemon);
            } finally {
                daemon.destroy();
                assertThat(daemon.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).isTrue();
            }
            wire = tap.inflated();
        }
        // the test classpath's tinylog.properties has the child write every level to target/tinylog-test.log
        Path traceLog = dir.resolve("target/tinylog-test.log");
        String output = Files.readString(dir.resolve("daemon.out")) + Files.readString(dir.resolve("daemon.err"))
                + (Files.exists(traceLog) ? Files.readString(traceLog) : "");
        List<String> logged = new ArrayList<>();
        for (Matcher match = LOGGED.matcher(output); match.find(); ) {
            logged.add(match.group(3) + " " + match.group(1) + " " + match.group(2));
        }

        CliRun export = CliRun.main("collector", "export", "--db", collectorDb.toString(), "--device", "kiosk-child",
                "--from", now.minus(Duration.ofHours(1)).toString(), "--to", now.plus(Duration.ofHours(1)).toString(),
                "--key", keys.resolve("authority.key").toString(), "--format", "jsonl");

        assertThat(export.exitCode()).as(export.err()).isZero();
        List<CBORObject> rows = export.lines().stream().map(CBORObject::FromJSONString).toList();
        assertThat(rows).extracting(row -> row.get("seq").AsInt64Value() + " " + row.get("format").AsString() + " "
                + row.get("verdict").AsString()).containsExactlyElementsOf(logged).hasSize(8);
        assertThat(rows).allSatisfy(row -> assertThat(row.get("chain").AsString()).isEqualTo("verified"));
        Set<String> personal = Set.of("GILDONG", "MINJI", "SEOYEON", "JIHO", "1990-05-17", "1985-11-02");
        assertThat(export.out()).contains("GILDONG");
        AuthorityExportRoundTripTest.assertNoneReadable(personal, "the wire", wire);
        AuthorityExportRoundTripTest.assertNoneReadable(personal, "the daemon's output",
                output.getBytes(StandardCharsets.UTF_8));
        for (Path file : List.of(collectorDb, Path.of(collectorDb + "-wal"))) {
            if (Files.exists(file)) {
                AuthorityExportRoundTripTest.assertNoneReadable(personal, file.toString(), Files.readAllBytes(file));
            }
        }
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                AuthorityExportRoundTripTest.assertNoneReadable(personal, file.toString(), Files.readAllBytes(file));
            }
        }
    }

    /** Waits (a deadline, not a measurement) until the collector holds eight records, all signed. */
    private void awaitUploaded(CollectorStore store, Process daemon) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (System.nanoTime() < deadline && daemon.isAlive()) {
            List<DeviceReport> reports = store.report();
            if (!reports.isEmpty() && reports.get(0).records() == 8 && reports.get(0).lastSigned() == 8) {
                return;
            }
            daemon.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("the collector did not receive 8 signed records; daemon output: "
                + Files.readString(dir.resolve("daemon.out")) + Files.readString(dir.resolve("daemon.err")));
    }

    private Path config(DemoPasses passes, int port, Path authorityKey) throws Exception {
        Files.writeString(dir.resolve("issuer.txt"),
                Base64.getEncoder().encodeToString(passes.issuerCertificate().getEncoded()));
        return Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[device]", "id = \"kiosk-child\"", "data_dir = \"data\"",
                "[scan.stdin]", "enabled = true",
                "[verify]", "trust = [\"issuer.txt\"]",
                "[entry_log]", "checkpoint_every_records = 4",
                "[entry_log.encryption]", "authority_key_file = \"" + authorityKey + "\"",
                "[entry_log.fields]", "holder = \"full\"", "certificate_type = \"full\"",
                "[upload]", "enabled = true", "url = \"http://127.0.0.1:" + port + "/v1/batches\"",
                "interval_ms = 1000", "requests_per_minute = 600", "min_backoff_ms = 100", "max_backoff_ms = 1000",
                "startup_spread_ms = 0", ""));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
