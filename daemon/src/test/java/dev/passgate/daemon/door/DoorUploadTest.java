package dev.passgate.daemon.door;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.DoorConfig;
import dev.passgate.config.UploadConfig;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.DoorEvent;
import dev.passgate.daemon.audit.DoorRecord;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.daemon.upload.UploadSchedule;
import dev.passgate.daemon.upload.Uploader;
import dev.passgate.daemon.upload.Uploaders;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDigitalInput;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Door records end to end, in-process: every kind written by the monitor into a real signed SQLite log, checked
 * by {@code passgate log verify}, uploaded over HTTP to a real collector on loopback that only takes batches of an
 * enrolled key and verifies chain and checkpoints before storing, and counted there as a complete chain.
 * (A child JVM running {@code passgate run} cannot be driven here: its switches are configured and built on the
 * inputs branch, so this test stands in for it.)
 */
class DoorUploadTest {
    @TempDir
    Path dir;

    @Test
    void everyDoorRecordPassesLogVerifyAndTheCollectorsVerifiedIngest() throws Exception {
        ManualDelays delays = new ManualDelays();
        Timeline timeline = new Timeline(delays::nanoTime);
        FakeDigitalInput contact = new FakeDigitalInput("door_contact", timeline);
        FakeDigitalInput exit = new FakeDigitalInput("exit_button", timeline);
        Path kiosk = Files.createDirectories(dir.resolve("kiosk"));
        try (CollectorStore store = CollectorStore.open(dir.resolve("collector.db"), Clock.systemUTC(), false);
             CollectorServer server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     0), store, CollectorServer.NONE);
             DoorRig rig = new DoorRig(kiosk, delays, DoorConfig.DEFAULTS,
                     new DoorInputs(Optional.empty(), Optional.of(exit), Optional.of(contact)),
                     new FakeStatusLight(timeline), new FakeBuzzer(timeline, delays),
                     new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays))) {
            store.enroll(DoorRig.DEVICE, DeviceKey.read(rig.keyFile).publicKey().getEncoded());
            // given a passed and a not-passed entry, an exit, a forced door that is then held open and closed
            rig.admit();
            contact.set(true);
            contact.set(false);
            rig.admit();
            rig.advance(3000);
            exit.press();
            contact.set(true);
            contact.set(false);
            contact.set(true);
            rig.advance(30_000);
            contact.set(false);
            rig.advance(10_000);
            assertThat(rig.doorRecords()).extracting(DoorRecord::event).containsExactly(DoorEvent.PASSED,
                    DoorEvent.NOT_PASSED, DoorEvent.EXIT, DoorEvent.PASSED, DoorEvent.FORCED, DoorEvent.HELD_OPEN,
                    DoorEvent.CLOSED);
            long last = rig.log.lastSequence();

            // when passgate log verify checks the file, and the uploader sends it to the collector
            CliRun verify = CliRun.main("log", "verify", "--config", config(kiosk).toString(), "--file",
                    rig.file.toString(), "--device", DoorRig.DEVICE, "--pubkey", rig.keyFile.toString());
            UploadConfig upload = ((ConfigResult.Loaded) ConfigLoader.parse("[upload]\nenabled = true\n"
                    + "url = \"http://127.0.0.1:" + server.address().getPort() + "/v1/batches\"\n",
                    kiosk.resolve("x.toml"))).config().upload();
            try (Uploader uploader = Uploaders.create(upload, rig.log, rig.keyFile, Clock.systemUTC(),
                    System::nanoTime)) {
                assertThat(uploader.uploadOnce().result()).isEqualTo(UploadSchedule.Result.IDLE);
            }

            // then both agree the chain is whole, door records included
            assertThat(verify.exitCode()).as(verify.err()).isZero();
            CBORObject json = CBORObject.FromJSONString(verify.out().strip());
            assertThat(json.get("result").AsString()).as(verify.out()).isEqualTo("INTACT");
            assertThat(json.get("records").AsInt64Value()).isEqualTo(last);
            DeviceReport report = store.report().get(0);
            assertThat(report.deviceId()).isEqualTo(DoorRig.DEVICE);
            assertThat(report.records()).isEqualTo(last);
            assertThat(report.complete()).as(report.toString()).isTrue();
            assertThat(report.enrolled()).isEqualTo("operator");
            assertThat(rig.log.pendingUpload()).isZero();
        }
    }

    private Path config(Path kiosk) throws Exception {
        return Files.writeString(kiosk.resolve("passgate.toml"), "[device]\nid = \"" + DoorRig.DEVICE + "\"\n"
                + "data_dir = \".\"\n");
    }
}
