package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.upload.UploadSchedule;
import dev.passgate.daemon.upload.Uploader;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk with {@code [upload]} enabled: its uploader, its watchdog probe and its status. */
class KioskUploadTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    @Test
    void uploadsItsScansAndShowsTheLastUploadInItsStatus() throws Exception {
        try (CollectorStore store = CollectorStore.open(dir.resolve("collector.db"), Clock.systemUTC(), true);
             CollectorServer server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     0), store, CollectorServer.NONE)) {
            PassgateConfig config = config("[upload]\nenabled = true\nurl = \"http://127.0.0.1:"
                    + server.address().getPort() + "/v1/batches\"\n");
            try (Kiosk kiosk = Kiosk.assemble(config, environment())) {
                // given three scans
                for (int i = 0; i < 3; i++) {
                    kiosk.gate().handle(new ScannedCode("test", PASSES.samples().get(i).text(), false, 0));
                }
                Uploader uploader = kiosk.uploader().orElseThrow();
                assertThat(kiosk.status().toJson().get("upload").get("pending").AsInt64Value()).isZero();

                // when the uploader runs once
                assertThat(uploader.uploadOnce().result()).isEqualTo(UploadSchedule.Result.IDLE);

                // then the collector holds them, and status and probes show the uploader
                CBORObject upload = kiosk.status().toJson().get("upload");
                assertThat(upload.get("lastSuccess").AsString()).isEqualTo(NOW.toString());
                assertThat(upload.get("uploaded").AsInt64Value()).isEqualTo(3);
                assertThat(upload.get("failures").AsInt32Value()).isZero();
                assertThat(kiosk.probes(Duration.ofSeconds(5))).containsKey("upload");
                assertThat(kiosk.probes(Duration.ofSeconds(5)).get("upload").problem()).isEmpty();
            }
            DeviceReport report = store.report().get(0);
            assertThat(report.deviceId()).isEqualTo("kiosk-up");
            assertThat(report.records()).isEqualTo(3);
            assertThat(report.complete()).isTrue();
        }
    }

    @Test
    void hasNoUploaderUnlessEnabled() throws Exception {
        try (Kiosk kiosk = Kiosk.assemble(config(""), environment())) {
            assertThat(kiosk.uploader()).isEmpty();
            assertThat(kiosk.status().toJson().get("upload")).isNull();
            assertThat(kiosk.probes(Duration.ofSeconds(5))).doesNotContainKey("upload");
        }
    }

    private Environment environment() {
        return new Environment(Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                PASSES.trust(), decision -> { });
    }

    private PassgateConfig config(String more) throws Exception {
        byte[] der = PASSES.issuerCertificate().getEncoded();
        Files.writeString(dir.resolve("issuer.txt"), Base64.getEncoder().encodeToString(der));
        Path file = Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"kiosk-up\"\n"
                + "data_dir = \"data\"\n[verify]\ntrust = [\"issuer.txt\"]\n" + more);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
