package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.daemon.collector.MqttIngest;
import dev.passgate.hal.ManualDelays;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT 5 path against a real mosquitto on loopback: the kiosk publishes with QoS 1, the reference collector's
 * persistent session stores and acknowledges. Skipped, saying so, only when mosquitto is not installed (CI installs
 * it).
 */
class MqttUploadTest {
    private static final UploadSchedule.Settings FAST = new UploadSchedule.Settings(100, Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofSeconds(5), 600, 1_000_000, Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void uploadsOverMqttAndTheCollectorShowsACompleteVerifiedChain() throws Exception {
        assumeTrue(Mosquitto.binary().isPresent(), "mosquitto is not installed (apt-get install mosquitto);"
                + " the MQTT upload test is skipped");
        try (Mosquitto broker = Mosquitto.start(dir);
             UploadRig rig = new UploadRig(dir, "gate-mqtt", Clock.fixed(UploadRig.START, ZoneOffset.UTC), 50)) {
            URI url = URI.create("mqtt://127.0.0.1:" + broker.port);
            rig.scan(230, UploadRig.START);
            MqttTransport transport = new MqttTransport(url, "site/entries", rig.device, Duration.ofSeconds(10),
                    Optional.empty());
            Uploader uploader = new Uploader(rig.log, rig.signingKey(), transport, new UploadSchedule(FAST, () -> 0),
                    new ManualDelays(), System::nanoTime, Clock.systemUTC(), Optional.empty());

            // with no subscriber the broker answers "no matching subscribers": nothing is marked
            Uploader.Attempt unheard = uploader.uploadOnce();
            assertThat(unheard.result()).isEqualTo(UploadSchedule.Result.FAILED);
            assertThat(rig.log.firstNotUploaded()).isEqualTo(1);
            String refusal = uploader.status().lastProblem().orElseThrow();
            assertThat(refusal).contains("NO_MATCHING_SUBSCRIBERS");

            // when the collector's persistent session is subscribed and the uploader runs
            try (MqttIngest ingest = MqttIngest.start(url, "site/entries", Optional.empty(), "collector-1",
                    Duration.ofHours(1), rig.store)) {
                while (uploader.uploadOnce().result() != UploadSchedule.Result.IDLE) {
                    assertThat(transport).isNotNull();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (ingest.batches() < 3 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(ingest.batches()).isGreaterThanOrEqualTo(3);
            }

            // then every record is marked uploaded and the collector shows a complete chain
            assertThat(rig.log.readRecords(0, 1000)).allMatch(ChainRecord::uploaded);
            DeviceReport report = rig.report();
            assertThat(report.records()).isEqualTo(230);
            assertThat(report.complete()).isTrue();
            System.out.printf("mqtt upload: mosquitto on loopback, records=%d chain=%s complete=%s"
                    + " no-subscriber-attempt=%s%n", report.records(), report.chain(), report.complete(),
                    refusal);
            uploader.close();
        }
    }
}
