package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.hal.ManualDelays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code passgate collector --report} shows each device's chain after an upload. */
class CollectorCommandTest {

    @TempDir
    Path dir;

    @Test
    void reportsACompleteVerifiedChainPerDeviceAsJsonLines() throws Exception {
        try (UploadRig rig = new UploadRig(dir, "gate-cli", Clock.fixed(UploadRig.START, ZoneOffset.UTC), 10)
                .startCollector(CollectorServer.NONE)) {
            rig.scan(42, UploadRig.START);
            Uploader uploader = new Uploader(rig.log, rig.signingKey(), rig.http(), new UploadSchedule(
                    new UploadSchedule.Settings(20, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                            600, 100_000, Duration.ZERO), () -> 0), new ManualDelays(), System::nanoTime,
                    Clock.systemUTC(), Optional.empty());
            while (uploader.uploadOnce().result() != UploadSchedule.Result.IDLE) {
                assertThat(uploader.status().failures()).isZero();
            }
        }
        Path pem = Files.writeString(dir.resolve("gate-cli.pub"),
                dev.passgate.daemon.audit.DeviceKey.fromFile(dir.resolve("signing.pem")).publicKeyPem());

        CliRun run = CliRun.main("collector", "--db", dir.resolve("collector.db").toString(), "--device-key",
                "gate-cli=" + pem, "--report");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).singleElement().satisfies(line -> assertThat(line).startsWith(
                "{\"device\":\"gate-cli\",\"complete\":true,\"chain\":\"INTACT\",\"records\":42,\"first\":1,"
                        + "\"last\":42,\"missing\":[],\"restarts\":0,\"checkpoints\":4,\"last_signed\":40,"));
    }

    @Test
    void refusesToStartWithoutSomethingToDo() {
        CliRun run = CliRun.main("collector", "--db", dir.resolve("c.db").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--listen, --mqtt or --report is required");
    }
}
