package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.daemon.demo.PhoneSimulator;
import dev.passgate.daemon.upload.UploadSchedule;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kiosk ({@link Kiosk#assemble}) with {@code [staff]} and {@code [upload]}: a "check ID" entry waits, a staff
 * card confirms it, and both records reach a collector on loopback, whose verified ingest finds the device's
 * chain complete and verified with the device key.
 */
class KioskStaffUploadTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aStaffConfirmationIsUploadedAndTheCollectorVerifiesTheChain() throws Exception {
        PhoneSimulator staffCard = PhoneSimulator.mint(NOW.minus(Duration.ofDays(30)));
        KeyPair issuer = Pg1Keys.generate(new SecureRandom());
        KeyPair holder = Pg1Keys.generate(new SecureRandom());
        byte[] exemption = Pg1Signer.credential(issuer, "KR-PG", holder.getPublic(), CBORObject.FromJSONString(
                "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\"CHOI\",\"gnt\":\"YUNA\"},\"dob\":\"2010-02-01\"}"),
                NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100)));
        TrustStore trust = TrustStore.builder().add(Pg1Keys.keyIdText(issuer.getPublic()), issuer.getPublic())
                .addAll(staffCard.trust()).build();
        try (CollectorStore store = CollectorStore.open(dir.resolve("collector.db"), Clock.systemUTC(), true);
             CollectorServer server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     0), store, CollectorServer.NONE)) {
            PassgateConfig config = config("[staff]\nconfirm = [\"EXEMPT_CHECK_ID\"]\ncard_keys = [\""
                    + staffCard.issuerKeyId() + "\"]\n[upload]\nenabled = true\nurl = \"http://127.0.0.1:"
                    + server.address().getPort() + "/v1/batches\"\n");
            try (Kiosk kiosk = Kiosk.assemble(config, environment(trust))) {
                String child = Pg1Signer.present(exemption, holder.getPrivate(), NOW, new byte[16]);
                assertThat(scan(kiosk, child)).isEqualTo(Verdict.POLICY_REJECTED);
                assertThat(scan(kiosk, staffCard.present(NOW))).isEqualTo(Verdict.STAFF_CONFIRMED);
                List<StoredEntry> entries = kiosk.entryLog().readFrom(0, 10);
                assertThat(entries).extracting(e -> e.record().verdict())
                        .containsExactly("POLICY_REJECTED", "STAFF_CONFIRMED");
                assertThat(entries.get(1).record().staff().by()).isEqualTo("CARD");

                assertThat(kiosk.uploader().orElseThrow().uploadOnce().result())
                        .isEqualTo(UploadSchedule.Result.IDLE);
            }
            DeviceReport report = store.report().get(0);
            assertThat(report.deviceId()).isEqualTo("kiosk-staff-up");
            assertThat(report.records()).isEqualTo(2);
            assertThat(report.complete()).as(report.toString()).isTrue();
        }
    }

    private static Verdict scan(Kiosk kiosk, String text) {
        return kiosk.gate().handle(new ScannedCode("test", text, false, System.nanoTime())).outcome().verdict();
    }

    private Environment environment(TrustStore trust) {
        return new Environment(Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), trust, decision -> { });
    }

    private PassgateConfig config(String more) throws Exception {
        Path file = Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"kiosk-staff-up\"\n"
                + "data_dir = \"data\"\n[gate]\nclock_sync_flag = \"no-sync-flag\"\n" + more);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
