package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.UploadConfig;
import dev.passgate.config.UploadTlsConfig;
import dev.passgate.config.UploadTransport;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.cli.CliRun;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code passgate collector --tls-cert --tls-key --client-ca --enrol-by-certificate} as an operator runs it (a child
 * JVM serving HTTPS on loopback), against real kiosk uploaders built by {@link Uploaders#create} from an
 * {@code [upload.tls]} section: a kiosk whose certificate's CN is its device id is enrolled by it without
 * {@code collector enroll}; a kiosk presenting another device's certificate is refused {@code certificate_mismatch};
 * a kiosk without a certificate is refused in the handshake. Bad TLS files get one-line errors.
 */
class CollectorTlsCommandTest {
    private static final int RECORDS = 23;

    @TempDir
    Path dir;

    @Test
    void enrolsByCertificateOverMutualTlsAndRefusesAnotherCnAndNoCertificate() throws Exception {
        TestPki pki = TestPki.mint(dir.resolve("pki"), "Passgate Fleet CA");
        TestPki.Issued server = pki.issueServer("collector");
        Path db = dir.resolve("collector/collector.db");
        Files.createDirectories(db.getParent());
        Process collector = CollectorFloodTest.start(dir.resolve("collector.err"), dir.resolve("gc.log"),
                "collector", "--listen", "127.0.0.1:0", "--db", db.toString(), "--tls-cert",
                pki.certificatePem(server).toString(), "--tls-key", pki.keyPem(server).toString(), "--client-ca",
                pki.caPem().toString(), "--enrol-by-certificate");
        try (UploadRig honest = rig("gate-north");
             UploadRig impostor = rig("gate-south");
             UploadRig anonymous = rig("gate-east")) {
            URI url = URI.create("https://127.0.0.1:" + CollectorChild.port(collector) + "/v1/batches");
            TestPki.Issued north = pki.issueClient("gate-north");
            List<String> seen = new ArrayList<>();

            // given a kiosk whose certificate names its own device id, never enrolled with 'collector enroll'
            honest.scan(RECORDS, UploadRig.START);
            try (Uploader uploader = uploader(honest, url, tls(pki, Optional.of(north)))) {
                // when it uploads, then everything is accepted and the device is enrolled by its certificate
                assertThat(UploadRig.untilIdleOrFailed(uploader)).extracting(Uploader.Attempt::result)
                        .doesNotContain(UploadSchedule.Result.FAILED).endsWith(UploadSchedule.Result.IDLE);
                assertThat(honest.log.readRecords(0, 1000)).hasSize(RECORDS).allMatch(ChainRecord::uploaded);
                seen.add("own CN: " + uploader.status().uploaded() + " records uploaded");
            }

            // given another kiosk (gate-south) presenting gate-north's certificate
            impostor.scan(RECORDS, UploadRig.START);
            seen.add("another CN: " + refused(impostor, url, tls(pki, Optional.of(north)), "certificate_mismatch"));
            // given a kiosk that trusts the collector but has no client certificate
            anonymous.scan(RECORDS, UploadRig.START);
            seen.add("no certificate: " + refused(anonymous, url, tls(pki, Optional.empty()), "SSLHandshakeException",
                    "check upload.tls client_cert_file"));

            // then the collector holds gate-north only, complete and enrolled by certificate
            CliRun report = CliRun.main("collector", "--db", db.toString(), "--report");
            assertThat(report.exitCode()).as(report.err()).isZero();
            assertThat(report.lines()).singleElement().satisfies(line -> assertThat(line)
                    .contains("\"device\":\"gate-north\",\"complete\":true,\"chain\":\"INTACT\",\"records\":" + RECORDS)
                    .contains("\"enrolled\":\"certificate\""));
            assertThat(collector.isAlive()).isTrue();
            seen.forEach(line -> System.out.println("collector mutual TLS: " + line));
        } finally {
            collector.destroy();
            collector.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(dir.resolve("collector.err"))).doesNotContain("Exception in thread");
    }

    @Test
    void answersBadTlsFilesWithOneLineAndItsExitStatus() throws Exception {
        TestPki pki = TestPki.mint(dir.resolve("pki"), "Passgate Fleet CA");
        TestPki.Issued server = pki.issueServer("collector");
        TestPki.Issued other = pki.issueServer("other");
        String cert = pki.certificatePem(server).toString();
        String key = pki.keyPem(server).toString();
        String ca = pki.caPem().toString();
        String db = dir.resolve("c.db").toString();
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        String missing = dir.resolve("missing.pem").toString();
        List<String> seen = new ArrayList<>();
        String[] listen = {"collector", "--db", db, "--listen", "127.0.0.1:0"};
        seen.add(fails(2, "go together: found only --tls-cert", concat(listen, "--tls-cert", cert)));
        seen.add(fails(2, "--enrol-by-certificate needs", concat(listen, "--enrol-by-certificate")));
        seen.add(fails(1, "--tls-cert " + missing + ": no such file", concat(listen, "--tls-cert", missing,
                "--tls-key", key, "--client-ca", ca)));
        seen.add(fails(1, "holds no certificate", concat(listen, "--tls-cert", garbage.toString(), "--tls-key", key,
                "--client-ca", ca)));
        seen.add(fails(1, "--tls-key " + cert + ": found no PRIVATE KEY block", concat(listen, "--tls-cert", cert,
                "--tls-key", cert, "--client-ca", ca)));
        seen.add(fails(1, "the key does not belong to the certificate", concat(listen, "--tls-cert", cert,
                "--tls-key", pki.keyPem(other).toString(), "--client-ca", ca)));
        seen.add(fails(1, "--client-ca " + key + ": holds no certificate", concat(listen, "--tls-cert", cert,
                "--tls-key", key, "--client-ca", key)));
        assertThat(CliRun.main("collector", "--help").out()).contains("--tls-cert").contains("--enrol-by-certificate");
        seen.forEach(line -> System.out.println("collector TLS input: " + line));
    }

    private static String fails(int status, String names, String... args) {
        CliRun run = CliRun.main(args);
        String err = run.err().strip();
        assertThat(run.exitCode()).as(err).isEqualTo(status);
        assertThat(err).contains(names).doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception");
        return err;
    }

    private static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(new String[0]);
    }

    /** One attempt that must be refused with one of {@code reasons}, marking nothing; returns the problem. */
    private static String refused(UploadRig rig, URI url, UploadTlsConfig tls, String... reasons)
            throws Exception {
        try (Uploader uploader = uploader(rig, url, tls)) {
            Uploader.Attempt attempt = uploader.uploadOnce();
            assertThat(attempt.result()).isEqualTo(UploadSchedule.Result.FAILED);
            assertThat(attempt.marked()).isZero();
            assertThat(rig.log.readRecords(0, 1000)).hasSize(RECORDS).noneMatch(ChainRecord::uploaded);
            String problem = uploader.status().lastProblem().orElseThrow();
            assertThat(problem).containsAnyOf(reasons);
            return problem;
        }
    }

    private static Uploader uploader(UploadRig rig, URI url, UploadTlsConfig tls) throws Exception {
        UploadConfig config = new UploadConfig(true, UploadTransport.HTTP, Optional.of(url), 10, Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), 600, 1_000_000, Duration.ZERO, Duration.ofSeconds(10),
                Optional.empty(), UploadConfig.DEFAULT_MQTT_TOPIC, tls);
        return Uploaders.create(config, rig.log, rig.dir.resolve("signing.pem"), Clock.systemUTC(), System::nanoTime);
    }

    private static UploadTlsConfig tls(TestPki pki, Optional<TestPki.Issued> client) throws IOException {
        return new UploadTlsConfig(Optional.of(pki.caPem()), client.isPresent()
                ? Optional.of(pki.certificatePem(client.get())) : Optional.empty(), client.isPresent()
                ? Optional.of(pki.keyPem(client.get())) : Optional.empty(), Optional.empty(), Optional.empty());
    }

    private UploadRig rig(String device) throws Exception {
        return UploadRig.trustingOnFirstUse(Files.createDirectories(dir.resolve(device)), device,
                Clock.fixed(UploadRig.START, ZoneOffset.UTC), 5);
    }
}
