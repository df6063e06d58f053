package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.daemon.collector.MqttIngest;
import dev.passgate.hal.ManualDelays;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of {@link CollectorAttackTest} over MQTT: an attacker publishes to the device's topic on a real
 * mosquitto on loopback. The collector refuses (logs and acknowledges) every forged, unsigned or foreign batch and
 * the gzip bomb, stores nothing of them, and then takes the real device's upload whole.
 */
class MqttAttackTest {
    private static final String DEVICE = "gate-m";
    private static final UploadSchedule.Settings FAST = new UploadSchedule.Settings(20, Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofSeconds(5), 600, 1_000_000, Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void refusesForgedBatchesOnTheDevicesTopicAndThenTakesTheRealUpload() throws Exception {
        assumeTrue(Mosquitto.binary().isPresent(), "mosquitto is not installed; the MQTT attack test is skipped");
        try (Mosquitto broker = Mosquitto.start(dir);
             UploadRig device = new UploadRig(dir.resolve("device"), DEVICE, clock(), 4);
             UploadRig forger = new UploadRig(dir.resolve("forger"), DEVICE, clock(), 2)) {
            URI url = URI.create("mqtt://127.0.0.1:" + broker.port);
            forger.scan(3, UploadRig.START);
            List<ChainRecord> forged = forger.log.readRecords(0, 10);
            List<Checkpoint> checkpoints = forger.log.checkpoints();
            Optional<byte[]> devicePublic = Optional.of(device.key.publicKey().getEncoded());
            List<byte[]> attacks = List.of(
                    WireFormat.encode(new UploadBatch(DEVICE, Optional.empty(), forged, checkpoints)),
                    WireFormat.encode(UploadBatch.signed(DEVICE, forger.key, forged, checkpoints)),
                    WireFormat.encode(new UploadBatch(DEVICE, devicePublic, forged, checkpoints)),
                    WireFormat.encode(new UploadBatch(DEVICE, devicePublic, forged, checkpoints,
                            Optional.of(forger.key))),
                    WireFormat.encode(UploadBatch.signed("gate-unenrolled", forger.key, List.of(), List.of())),
                    Attacker.bomb(60 << 20));
            try (MqttIngest ingest = MqttIngest.start(url, "site/entries", Optional.empty(), "collector-1",
                    Duration.ofHours(1), device.store)) {
                // when the attacker publishes on the device's topic
                Mqtt5BlockingClient attacker = MqttClient.builder().useMqttVersion5().identifier("attacker")
                        .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
                attacker.connect();
                for (byte[] payload : attacks) {
                    attacker.publishWith().topic("site/entries/" + DEVICE).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(payload).send();
                }
                attacker.disconnect();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (ingest.refused() < attacks.size() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }

                // then every message is refused and nothing is held
                assertThat(ingest.refused()).isEqualTo(attacks.size());
                assertThat(device.report().records()).isZero();

                // and the real device's upload is taken whole
                device.scan(45, UploadRig.START);
                MqttTransport transport = new MqttTransport(url, "site/entries", DEVICE, Duration.ofSeconds(10),
                        Optional.empty());
                Uploader uploader = new Uploader(device.log, device.signingKey(), transport,
                        new UploadSchedule(FAST, () -> 0), new ManualDelays(), System::nanoTime, Clock.systemUTC(),
                        Optional.empty());
                while (uploader.uploadOnce().result() != UploadSchedule.Result.IDLE) {
                    assertThat(uploader.status().failures()).isLessThan(5);
                }
                long stored = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (reportOf(device.store).records() < 45 && System.nanoTime() < stored) {
                    Thread.onSpinWait();
                }
                uploader.close();
            }
            DeviceReport report = device.report();
            assertThat(report.records()).isEqualTo(45);
            assertThat(report.conflicts()).isZero();
            assertThat(report.complete()).isTrue();
            assertThat(device.store.report()).extracting(DeviceReport::deviceId).containsExactly(DEVICE);
            System.out.printf("mqtt attack: %d forged messages refused; device records=%d chain=%s complete=%s%n",
                    attacks.size(), report.records(), report.chain(), report.complete());
        }
    }

    private static DeviceReport reportOf(CollectorStore store) throws Exception {
        return store.report().stream().filter(r -> r.deviceId().equals(DEVICE)).findFirst().orElseThrow();
    }

    private static Clock clock() {
        return Clock.fixed(UploadRig.START, ZoneOffset.UTC);
    }
}
