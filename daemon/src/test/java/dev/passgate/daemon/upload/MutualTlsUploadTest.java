package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.UploadTlsConfig;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.DeviceReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS as the daemon sets it up: an uploader built by {@link Uploaders#create} from an {@code [upload.tls]}
 * section naming PEM or PKCS#12 files, against the reference collector serving HTTPS on loopback and requiring a
 * client certificate, with a CA, a server certificate and client certificates minted for the test.
 */
class MutualTlsUploadTest {
    private static final int RECORDS = 120;
    private static final int BATCH = 50;

    @TempDir
    Path dir;

    private TestPki pki;
    private TestPki.Issued collector;

    @BeforeEach
    void mintCertificates() throws Exception {
        pki = TestPki.mint(dir.resolve("pki"), "Passgate Test Fleet CA");
        collector = pki.issueServer("collector");
    }

    @Test
    void uploadsEveryRecordWithAPemClientCertificateAndKey() throws Exception {
        TestPki.Issued kiosk = pki.issueClient("gate-pem");
        UploadTlsConfig tls = new UploadTlsConfig(Optional.of(pki.caPem()), Optional.of(pki.certificatePem(kiosk)),
                Optional.of(pki.keyPem(kiosk)), Optional.empty(), Optional.empty());

        uploadsEveryRecord("gate-pem", tls);
    }

    @Test
    void uploadsEveryRecordWithAPkcs12ClientKeystoreAndItsPasswordFile() throws Exception {
        TestPki.Issued kiosk = pki.issueClient("gate-p12");
        UploadTlsConfig tls = new UploadTlsConfig(Optional.of(pki.caPem()), Optional.empty(), Optional.empty(),
                Optional.of(pki.pkcs12(kiosk, "correct horse")),
                Optional.of(pki.passwordFile("gate-p12.password", "correct horse")));

        uploadsEveryRecord("gate-p12", tls);
    }

    @Test
    void failsAndMarksNothingWhenNoClientCertificateIsConfigured() throws Exception {
        // given a kiosk that trusts the collector's CA but has no client certificate
        UploadTlsConfig tls = new UploadTlsConfig(Optional.of(pki.caPem()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        // then the collector refuses the handshake: no request reaches it and the uploader reports the failure
        String problem = failsAndMarksNothing("gate-anonymous", tls);
        assertThat(problem).as("the operator is pointed at the client certificate").containsAnyOf(
                "check upload.tls", "SSLHandshakeException");
        System.out.println("no client certificate: " + problem);
    }

    @Test
    void failsAndMarksNothingWhenTheClientCertificateIsFromAnotherAuthority() throws Exception {
        // given a kiosk whose certificate was issued by a CA the collector does not trust
        TestPki stranger = TestPki.mint(dir.resolve("stranger"), "Some Other CA");
        TestPki.Issued kiosk = stranger.issueClient("gate-stranger");
        UploadTlsConfig tls = new UploadTlsConfig(Optional.of(pki.caPem()), Optional.of(stranger.certificatePem(kiosk)),
                Optional.of(stranger.keyPem(kiosk)), Optional.empty(), Optional.empty());

        // then the collector refuses the handshake
        failsAndMarksNothing("gate-stranger", tls);
    }

    @Test
    void failsAndMarksNothingWhenTheCaFileDoesNotHoldTheCollectorsAuthority() throws Exception {
        // given a kiosk with a valid client certificate whose ca_file holds only an unrelated CA
        TestPki.Issued kiosk = pki.issueClient("gate-wrong-ca");
        TestPki unrelated = TestPki.mint(dir.resolve("unrelated"), "Unrelated CA");
        UploadTlsConfig tls = new UploadTlsConfig(Optional.of(unrelated.caPem()),
                Optional.of(pki.certificatePem(kiosk)), Optional.of(pki.keyPem(kiosk)), Optional.empty(),
                Optional.empty());

        // then the kiosk refuses the collector's certificate
        String problem = failsAndMarksNothing("gate-wrong-ca", tls);
        assertThat(problem).contains("SSLHandshakeException");
        System.out.println("collector not trusted: " + problem);
    }

    /** Scans, uploads until idle through the uploader {@link Uploaders#create} builds, and checks the collector. */
    private void uploadsEveryRecord(String device, UploadTlsConfig tls) throws Exception {
        try (UploadRig rig = rig(device)) {
            // given records waiting and an uploader built from the [upload] section
            rig.scan(RECORDS, UploadRig.START);
            try (Uploader uploader = Uploaders.create(rig.httpsUpload(BATCH, Optional.empty(), tls), rig.log,
                    rig.dir.resolve("signing.pem"), Clock.systemUTC(), System::nanoTime)) {

                // when it uploads until nothing waits
                List<Uploader.Attempt> attempts = UploadRig.untilIdleOrFailed(uploader);

                // then every attempt succeeded, every record is marked and the collector holds the complete chain
                assertThat(attempts).extracting(Uploader.Attempt::result).doesNotContain(UploadSchedule.Result.FAILED)
                        .endsWith(UploadSchedule.Result.IDLE);
                assertThat(rig.log.readRecords(0, 1000)).hasSize(RECORDS).allMatch(ChainRecord::uploaded);
                DeviceReport report = rig.report();
                assertThat(report.records()).isEqualTo(RECORDS);
                assertThat(report.complete()).isTrue();
                assertThat(rig.server.requests()).isEqualTo((RECORDS + BATCH - 1) / BATCH);
                assertThat(uploader.status().lastProblem()).isEmpty();
                assertThat(uploader.status().lastSuccess()).isPresent();
                assertThat(uploader.status().uploaded()).isEqualTo(RECORDS);
            }
        }
    }

    /** Scans, makes one attempt that must fail before any request reaches the collector; returns the problem. */
    private String failsAndMarksNothing(String device, UploadTlsConfig tls) throws Exception {
        try (UploadRig rig = rig(device)) {
            // given records waiting
            rig.scan(RECORDS, UploadRig.START);
            try (Uploader uploader = Uploaders.create(rig.httpsUpload(BATCH, Optional.empty(), tls), rig.log,
                    rig.dir.resolve("signing.pem"), Clock.systemUTC(), System::nanoTime)) {

                // when the uploader tries
                Uploader.Attempt attempt = uploader.uploadOnce();

                // then the attempt failed, nothing is marked, the collector stored and served nothing
                assertThat(attempt.result()).isEqualTo(UploadSchedule.Result.FAILED);
                assertThat(attempt.marked()).isZero();
                assertThat(rig.log.readRecords(0, 1000)).hasSize(RECORDS).noneMatch(ChainRecord::uploaded);
                assertThat(rig.store.report()).isEmpty();
                assertThat(rig.server.requests()).isZero();
                UploadStatus status = uploader.status();
                assertThat(uploader.failedAttempts()).isEqualTo(1);
                assertThat(status.lastSuccess()).isEmpty();
                assertThat(status.uploaded()).isZero();
                assertThat(status.lastProblem()).hasValueSatisfying(problem ->
                        assertThat(problem).startsWith("POST " + rig.httpsUrl() + " failed: "));
                return status.lastProblem().orElseThrow();
            }
        }
    }

    private UploadRig rig(String device) throws Exception {
        Path home = Files.createDirectories(dir.resolve(device));
        return UploadRig.trustingOnFirstUse(home, device, Clock.fixed(UploadRig.START, ZoneOffset.UTC), BATCH)
                .startCollector(CollectorServer.NONE, pki.serverContext(collector));
    }
}
