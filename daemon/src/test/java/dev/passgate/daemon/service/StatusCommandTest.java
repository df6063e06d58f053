package dev.passgate.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.daemon.app.Environment;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    @Test
    void answersCountsLatencyAndReadersOverAnOwnerOnlySocket() throws Exception {
        Path config = Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"kiosk-status\"\n"
                + "data_dir = \"data\"\n[scan.stdin]\nenabled = true\n");
        Environment env = new Environment(MonotonicClock.startingAt(NOW, System::nanoTime), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                PASSES.trust(), decision -> { });
        try (Kiosk kiosk = Kiosk.assemble(((ConfigResult.Loaded) ConfigLoader.load(config)).config(), env)) {
            ControlServer control = ControlServer.start(kiosk.dataDir().resolve("control"),
                    () -> kiosk.status().toJson().ToJSONString());
            try {
                scanSamplesAndCheckStatus(kiosk, config);
            } finally {
                control.close();
            }
        }
    }

    private void scanSamplesAndCheckStatus(Kiosk kiosk, Path config) throws Exception {
        for (DemoPasses.Sample sample : PASSES.samples()) {
            kiosk.gate().handle(new ScannedCode("test", sample.text(), false, System.nanoTime()));
        }
        Path socket = dir.resolve("data/control/passgate.sock");

        CliRun json = CliRun.main("status", "--socket", socket.toString(), "--json");
        CliRun text = CliRun.main("status", "--config", config.toString());

        assertThat(json.exitCode()).as(json.err()).isZero();
        CBORObject status = CBORObject.FromJSONString(json.out());
        assertThat(status.get("state").AsString()).isEqualTo("running");
        assertThat(status.get("deviceId").AsString()).isEqualTo("kiosk-status");
        assertThat(status.get("entryLog").get("lastSequence").AsInt64Value()).isEqualTo(4);
        assertThat(status.get("verdicts").get("VALID").AsInt64Value()).isEqualTo(1);
        assertThat(status.get("verdicts").get("EXPIRED").AsInt64Value()).isEqualTo(1);
        assertThat(status.get("latency").get("decisions").AsInt64Value()).isEqualTo(4);
        assertThat(status.get("latency").get("p99Millis").AsDouble()).isPositive();
        assertThat(status.get("readers").get("stdin")).isNotNull();
        assertThat(status.get("clock").get("trusted").AsBoolean()).isTrue();
        assertThat(status.get("clock").get("floor").AsString()).isNotEmpty();
        assertThat(status.get("trust").get("entries").AsInt32Value()).isEqualTo(1);
        assertThat(status.get("trust").get("managed").AsBoolean()).isFalse();
        assertThat(status.get("entryLog").get("pendingUpload").AsInt64Value()).isEqualTo(4);
        assertThat(status.get("reload").get("result").AsString()).isEqualTo("none");
        assertThat(status.get("reload").get("source").AsString()).isEqualTo(config.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).containsPattern("(?m)^state +running$").containsPattern("(?m)^problems +none$")
                .containsPattern("(?m)^latency +p50 [0-9.]+ ms, p99 [0-9.]+ ms").contains("VALID", "EXPIRED");
        assertThat(json.out()).doesNotContain("HONG", "GILDONG", "1990-05-17");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
    }

    @Test
    void saysClearlyWhenTheDaemonIsNotRunning() {
        CliRun run = CliRun.main("status", "--socket", dir.resolve("nothing.sock").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("passgate is not running or not reachable");
    }
}
