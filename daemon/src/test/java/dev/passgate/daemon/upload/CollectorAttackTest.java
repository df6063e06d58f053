package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.hal.ManualDelays;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker on the network against the reference collector over real HTTP on loopback, with the device enrolled:
 * every forged, foreign, unsigned, unlinked, replayed or reordered batch is refused with its reason or absorbed as
 * a duplicate, and the real device's uploads that follow are all accepted, with a truthful report.
 */
class CollectorAttackTest {
    private static final String DEVICE = "gate-1";
    private static final UploadSchedule.Settings FAST = new UploadSchedule.Settings(10, Duration.ofMinutes(1),
            Duration.ofSeconds(1), Duration.ofSeconds(2), 600, 100_000, Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void refusesEveryForgedBatchAndThenAcceptsAllOfTheRealDevicesUploads() throws Exception {
        try (UploadRig device = new UploadRig(dir.resolve("device"), DEVICE, clock(), 4)
                .startCollector(CollectorServer.NONE);
             UploadRig forger = new UploadRig(dir.resolve("forger"), DEVICE, clock(), 2)) {
            // given an attacker holding three records chained from gate-1's genesis, checkpointed with its own key,
            // and knowing gate-1's public key
            forger.scan(3, UploadRig.START);
            List<ChainRecord> forged = forger.log.readRecords(0, 10);
            List<Checkpoint> forgedCheckpoints = forger.log.checkpoints();
            Optional<byte[]> devicePublic = Optional.of(device.key.publicKey().getEncoded());
            URI url = device.url();
            List<String> refusals = new ArrayList<>();

            // when it sends them without a key, with its own key, with gate-1's key unsigned, and with gate-1's key
            // signed by itself
            refusals.add(refused(url, new UploadBatch(DEVICE, Optional.empty(), forged, forgedCheckpoints), 403,
                    "key_missing"));
            refusals.add(refused(url, UploadBatch.signed(DEVICE, forger.key, forged, forgedCheckpoints), 409,
                    "key_mismatch"));
            refusals.add(refused(url, new UploadBatch(DEVICE, devicePublic, forged, forgedCheckpoints), 403,
                    "signature_missing"));
            refusals.add(refused(url, new UploadBatch(DEVICE, devicePublic, forged, forgedCheckpoints,
                    Optional.of(forger.key)), 403, "bad_signature"));
            // and a checkpoint with a zero signature over the forged chain, alone
            Checkpoint zero = new Checkpoint(DEVICE, 3, forged.get(2).hash(), forged.get(2).wallTimeMillis(),
                    device.key.keyId(), new byte[64]);
            refusals.add(refused(url, new UploadBatch(DEVICE, devicePublic, List.of(), List.of(zero)), 403,
                    "signature_missing"));

            // then nothing of it is held
            assertThat(device.store.report()).singleElement().satisfies(report -> {
                assertThat(report.records()).isZero();
                assertThat(report.checkpoints()).isZero();
            });

            // and when the real device uploads, everything is accepted and the report is complete and certified
            device.scan(16, UploadRig.START);
            drain(device);
            DeviceReport report = device.report();
            assertThat(report.records()).isEqualTo(16);
            assertThat(report.conflicts()).isZero();
            assertThat(report.complete()).isTrue();
            assertThat(report.certified()).isTrue();
            assertThat(report.enrolled()).isEqualTo("operator");
            System.out.printf("collector attack (http): refused %s; device records=%d chain=%s conflicts=%d"
                    + " certified=%s%n", refusals, report.records(), report.chain(), report.conflicts(),
                    report.certified());
        }
    }

    @Test
    void refusesBatchesOfTheDevicesKeyThatDoNotVerifyAgainstWhatItHolds() throws Exception {
        try (UploadRig device = new UploadRig(dir, DEVICE, clock(), 4).startCollector(CollectorServer.NONE)) {
            device.scan(10, UploadRig.START);
            List<ChainRecord> records = device.log.readRecords(0, 20);
            List<Checkpoint> checkpoints = device.log.checkpoints();
            URI url = device.url();

            // a later batch sent before the first one (reordered) does not link to anything held
            UploadBatch first = UploadBatch.signed(DEVICE, device.key, records.subList(0, 5), checkpoints.subList(0,
                    1));
            UploadBatch second = UploadBatch.signed(DEVICE, device.key, records.subList(5, 10), checkpoints.subList(1,
                    2));
            refused(url, second, 422, "unlinked");
            // a record whose prev_hash points elsewhere (a forged link), and one whose content was changed
            ChainRecord one = records.get(0);
            ChainRecord relinked = new ChainRecord(DEVICE, 1, one.kind(), one.wallTimeMillis(), one.bodyFormat(),
                    one.body(), new byte[32], one.hash(), false);
            refused(url, UploadBatch.signed(DEVICE, device.key, List.of(relinked), List.of()), 422, "tampered");
            byte[] body = one.body().clone();
            body[body.length - 1] ^= 1;
            ChainRecord edited = new ChainRecord(DEVICE, 1, one.kind(), one.wallTimeMillis(), one.bodyFormat(), body,
                    one.prevHash(), one.hash(), false);
            refused(url, UploadBatch.signed(DEVICE, device.key, List.of(edited), List.of()), 422, "tampered");
            // records out of order, and a checkpoint whose signature is zero
            refused(url, UploadBatch.signed(DEVICE, device.key, List.of(records.get(1), records.get(0)), List.of()),
                    422, "out_of_order");
            Checkpoint real = checkpoints.get(0);
            Checkpoint zeroed = new Checkpoint(DEVICE, real.sequence(), real.chainHash(), real.wallTimeMillis(),
                    real.keyId(), new byte[64]);
            refused(url, UploadBatch.signed(DEVICE, device.key, records.subList(0, 5), List.of(zeroed)), 422,
                    "bad_checkpoint");
            assertThat(device.report().records()).isZero();

            // in order they are taken; sent again (a replay) they are duplicates and change nothing
            assertThat(Attacker.post(url, first).status()).isEqualTo(200);
            assertThat(Attacker.post(url, second).status()).isEqualTo(200);
            Attacker.Answer replay = Attacker.post(url, first);
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.body()).contains("\"duplicates\":5");
            DeviceReport report = device.report();
            assertThat(report.records()).isEqualTo(10);
            assertThat(report.duplicates()).isEqualTo(5);
            assertThat(report.conflicts()).isZero();
            assertThat(report.complete()).isTrue();
            assertThat(report.lastSigned()).isEqualTo(8);
            assertThat(report.unsignedTail()).isEqualTo(2);
            assertThat(report.certified()).isFalse();
            assertThat(new String(report.toJson().ToJSONString().getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8)).contains("\"unsigned_tail\":2,\"certified\":false");
        }
    }

    @Test
    void refusesAnUnenrolledDeviceIdUntilTheOperatorEnrolsTheRealKey() throws Exception {
        try (UploadRig device = new UploadRig(dir.resolve("device"), "gate-2", clock(), 4)
                .startCollector(CollectorServer.NONE);
             UploadRig squatter = new UploadRig(dir.resolve("squatter"), "gate-new", clock(), 4)) {
            // given an id nobody enrolled, claimed by a squatter with its own key and signature
            squatter.scan(3, UploadRig.START);
            UploadBatch claim = UploadBatch.signed("gate-new", squatter.key, squatter.log.readRecords(0, 10),
                    squatter.log.checkpoints());

            // then it is refused, and the id is not listed
            refused(device.url(), claim, 403, "not_enrolled");
            assertThat(device.store.report()).extracting(DeviceReport::deviceId).containsExactly("gate-2");
        }
    }

    private static String refused(URI url, UploadBatch batch, int status, String error) throws Exception {
        Attacker.Answer answer = Attacker.post(url, batch);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.error()).as(answer.body()).isEqualTo(error);
        return status + " " + error;
    }

    private static void drain(UploadRig rig) throws Exception {
        Uploader uploader = new Uploader(rig.log, rig.signingKey(), rig.http(), new UploadSchedule(FAST, () -> 0),
                new ManualDelays(), System::nanoTime, Clock.systemUTC(), Optional.empty());
        List<Uploader.Attempt> attempts = UploadRig.untilIdleOrFailed(uploader);
        assertThat(attempts).allSatisfy(a -> assertThat(a.result()).isNotEqualTo(UploadSchedule.Result.FAILED));
        assertThat(rig.log.readRecords(0, 1000)).allMatch(ChainRecord::uploaded);
    }

    private static Clock clock() {
        return Clock.fixed(UploadRig.START, ZoneOffset.UTC);
    }
}
