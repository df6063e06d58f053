package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.UploadTlsConfig;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.hal.ManualDelays;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust on first use only when switched on, and then held to; a version 1 store migrated with the keys it had
 * pinned still accepting those devices, and no longer anyone else.
 */
class CollectorEnrolmentTest {
    private static final UploadSchedule.Settings FAST = new UploadSchedule.Settings(10, Duration.ofMinutes(1),
            Duration.ofSeconds(1), Duration.ofSeconds(2), 600, 100_000, Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void pinsAnUnknownDeviceFromItsFirstSignedBatchAndThenHoldsToThatKey() throws Exception {
        try (UploadRig device = UploadRig.trustingOnFirstUse(dir.resolve("device"), "gate-t", clock(), 4)
                .startCollector(CollectorServer.NONE);
             UploadRig other = new UploadRig(dir.resolve("other"), "gate-t", clock(), 4)) {
            // given trust on first use and a device that was never enrolled
            device.scan(6, UploadRig.START);
            assertThat(device.store.report()).isEmpty();

            // when it uploads, its key is pinned
            assertThat(UploadRig.untilIdleOrFailed(uploader(device))).last()
                    .satisfies(a -> assertThat(a.result()).isEqualTo(UploadSchedule.Result.IDLE));
            assertThat(device.report().enrolled()).isEqualTo("tofu");
            assertThat(device.report().records()).isEqualTo(6);

            // then another key for the same id is refused, and so is an unsigned batch with the pinned key
            other.scan(6, UploadRig.START);
            List<ChainRecord> records = other.log.readRecords(0, 10);
            Attacker.Answer foreign = Attacker.post(device.url(), UploadBatch.signed("gate-t", other.key, records,
                    List.of()));
            assertThat(foreign.status()).isEqualTo(409);
            assertThat(foreign.error()).isEqualTo("key_mismatch");
            Attacker.Answer unsigned = Attacker.post(device.url(), new UploadBatch("gate-t",
                    Optional.of(device.key.publicKey().getEncoded()), records, List.of()));
            assertThat(unsigned.error()).isEqualTo("signature_missing");
            assertThat(device.report().records()).isEqualTo(6);
        }
    }

    @Test
    void migratesAVersion1StoreKeepingTheKeysItHadPinned() throws Exception {
        try (UploadRig pinned = UploadRig.trustingOnFirstUse(dir.resolve("pinned"), "gate-v1", clock(), 4);
             UploadRig keyless = UploadRig.trustingOnFirstUse(dir.resolve("keyless"), "gate-nokey", clock(), 4)) {
            // given a version 1 store that had pinned gate-v1's key and seen gate-nokey without one
            Path file = dir.resolve("v1.db");
            try (Connection connection = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file,
                    new Properties());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE devices (device_id TEXT PRIMARY KEY, public_key BLOB, first_seen_ms"
                        + " INTEGER NOT NULL, received INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL"
                        + " DEFAULT 0, conflicts INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID");
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO devices (device_id, public_key, first_seen_ms) VALUES (?, ?, 0)")) {
                    insert.setString(1, "gate-v1");
                    insert.setBytes(2, pinned.key.publicKey().getEncoded());
                    insert.executeUpdate();
                    insert.setString(1, "gate-nokey");
                    insert.setBytes(2, null);
                    insert.executeUpdate();
                }
                statement.execute("PRAGMA application_id = " + CollectorStore.APPLICATION_ID);
                statement.execute("PRAGMA user_version = 1");
            }

            // when the collector opens it
            try (CollectorStore store = CollectorStore.open(file, Clock.systemUTC());
                 CollectorServer server = CollectorServer.start(new InetSocketAddress(
                         InetAddress.getLoopbackAddress(), 0), store, CollectorServer.NONE)) {
                URI url = URI.create("http://127.0.0.1:" + server.address().getPort() + CollectorServer.BATCHES);
                assertThat(store.report()).extracting(DeviceReport::enrolled).containsExactly("", "v1");

                // then the pinned device uploads as before, and the one without a key is not enrolled
                pinned.scan(5, UploadRig.START);
                assertThat(Attacker.post(url, UploadBatch.signed("gate-v1", pinned.key,
                        pinned.log.readRecords(0, 10), pinned.log.checkpoints())).status()).isEqualTo(200);
                keyless.scan(5, UploadRig.START);
                Attacker.Answer refused = Attacker.post(url, UploadBatch.signed("gate-nokey", keyless.key,
                        keyless.log.readRecords(0, 10), keyless.log.checkpoints()));
                assertThat(refused.error()).isEqualTo("not_enrolled");
                assertThat(store.report()).extracting(DeviceReport::records).containsExactly(0L, 5L);
            }
        }
    }

    @Test
    void enrolsADeviceByItsClientCertificateAndRefusesABatchOfAnotherDeviceUnderIt() throws Exception {
        TestPki pki = TestPki.mint(dir.resolve("pki"), "Passgate Test Fleet CA");
        try (UploadRig device = UploadRig.trustingOnFirstUse(dir.resolve("device"), "gate-c", clock(), 4);
             UploadRig other = UploadRig.trustingOnFirstUse(dir.resolve("other"), "gate-c", clock(), 4);
             CollectorStore store = CollectorStore.open(dir.resolve("collector.db"), Clock.systemUTC(), false, true);
             CollectorServer server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     0), store, CollectorServer.NONE, pki.serverContext(pki.issueServer("collector")))) {
            URI url = URI.create("https://127.0.0.1:" + server.address().getPort() + CollectorServer.BATCHES);
            // given a kiosk whose client certificate names gate-c, and one whose certificate names gate-x
            device.scan(7, UploadRig.START);
            other.scan(7, UploadRig.START);
            HttpTransport named = https(url, pki, pki.issueClient("gate-c"));
            HttpTransport elsewhere = https(url, pki, pki.issueClient("gate-x"));

            // when the one named gate-x sends a signed batch as gate-c, it is refused
            Delivery refused = elsewhere.send(UploadBatch.signed("gate-c", other.key, other.log.readRecords(0, 10),
                    List.of()));
            assertThat(refused).isInstanceOfSatisfying(Delivery.Refused.class, r -> {
                assertThat(r.status()).isEqualTo(403);
                assertThat(r.reason()).contains("certificate_mismatch");
            });

            // then gate-c, never enrolled by the operator, is enrolled by its certificate and uploads everything
            Uploader uploader = new Uploader(device.log, device.signingKey(), named, new UploadSchedule(FAST,
                    () -> 0), new ManualDelays(), System::nanoTime, Clock.systemUTC(), Optional.empty());
            assertThat(UploadRig.untilIdleOrFailed(uploader)).last()
                    .satisfies(a -> assertThat(a.result()).isEqualTo(UploadSchedule.Result.IDLE));
            assertThat(store.report()).singleElement().satisfies(report -> {
                assertThat(report.enrolled()).isEqualTo("certificate");
                assertThat(report.records()).isEqualTo(7);
                assertThat(report.complete()).isTrue();
            });
        }
    }

    private static HttpTransport https(URI url, TestPki pki, TestPki.Issued client) throws Exception {
        UploadTlsConfig tls = new UploadTlsConfig(Optional.of(pki.caPem()), Optional.of(pki.certificatePem(client)),
                Optional.of(pki.keyPem(client)), Optional.empty(), Optional.empty());
        return new HttpTransport(url, Duration.ofSeconds(10), Optional.of(TlsMaterial.load(tls).sslContext()),
                Optional.empty());
    }

    private static Uploader uploader(UploadRig rig) {
        return new Uploader(rig.log, rig.signingKey(), rig.http(), new UploadSchedule(FAST, () -> 0),
                new ManualDelays(), System::nanoTime, Clock.systemUTC(), Optional.empty());
    }

    private static Clock clock() {
        return Clock.fixed(UploadRig.START, ZoneOffset.UTC);
    }
}
