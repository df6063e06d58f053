package dev.passgate.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.app.HealthWatch;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.hal.serial.SocatPair;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A fresh install, as the package ships it: {@code passgate run} in a child JVM on the shipped
 * {@code config/passgate.toml} (only its folders moved into a temporary directory). No reader is enabled and nothing
 * is trusted, so the daemon warns at start, {@code passgate status} says {@code degraded} with each problem and its
 * fix and exits 1; SIGTERM then stops it with a shutdown line and exit status 143, which the unit counts as success.
 * With a serial reader (a socat pseudo-terminal pair), the stop logs no reader "going away".
 */
class FirstRunHealthTest {
    /** A JVM starting on a loaded CI machine can take a while; this is a deadline, not a measurement. */
    private static final int START_MS = 90_000;
    private static final int STOP_MS = 30_000;

    @TempDir
    Path dir;

    @Test
    void aFreshInstallReportsDegradedWithEveryReasonAndStopsCleanly() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String shipped = Files.readString(Path.of("..", "config", "passgate.toml"));
        Path config = Files.writeString(dir.resolve("passgate.toml"), shipped.replace("/var/lib/passgate",
                data.toString()));
        Path notify = dir.resolve("notify.sock");
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(notify));
            Process daemon = start(config, notify);
            try {
                awaitReady(systemd, daemon);
                Path socket = data.resolve("control/passgate.sock");
                CliRun text = CliRun.main("status", "--socket", socket.toString());
                CliRun json = CliRun.main("status", "--socket", socket.toString(), "--json");

                assertThat(text.exitCode()).as(text.err()).isEqualTo(1);
                assertThat(text.out()).contains("degraded", "no reader is enabled", "enable scan.serial",
                        "no trusted issuer", "verify.trust");
                CBORObject status = CBORObject.FromJSONString(json.out().strip());
                assertThat(json.exitCode()).isEqualTo(1);
                assertThat(status.get("state").AsString()).isEqualTo("degraded");
                List<String> problems = new ArrayList<>();
                status.get("problems").getValues().forEach(p -> problems.add(p.AsString()));
                assertThat(problems).anyMatch(p -> p.startsWith("no reader is enabled"))
                        .anyMatch(p -> p.startsWith("no trusted issuer"));
                System.out.println("FirstRunHealthTest: status exit " + text.exitCode() + ", problems " + problems);
            } finally {
                daemon.destroy();
            }
            assertThat(daemon.waitFor(STOP_MS, TimeUnit.MILLISECONDS)).isTrue();
            String log = Files.readString(dir.resolve("daemon.err"));
            assertThat(daemon.exitValue()).as(log).isEqualTo(143);
            assertThat(log).contains("WARN", "degraded: no reader is enabled", "degraded: no trusted issuer",
                    "stopping on a termination signal", "stopped: readers, outputs and the entry log are closed")
                    .doesNotContain("Exception", "LOGGER ERROR");
        }
    }

    @Test
    void aStopWithASerialReaderLogsNoReaderGoingAway() throws Exception {
        assumeTrue(SocatPair.available(), "socat is not installed");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path notify = dir.resolve("notify.sock");
        try (SocatPair reader = SocatPair.start(dir);
             AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            Path config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n", "[device]",
                    "data_dir = \"" + data + "\"", "[scan.serial]", "enabled = true",
                    "port = \"" + reader.kiosk() + "\"", ""));
            systemd.bind(AFUNIXSocketAddress.of(notify));
            Process daemon = start(config, notify);
            try {
                awaitReady(systemd, daemon);
                reader.send("HC1:NOT-A-PASS\r");
                awaitLog("scan from serial:");
            } finally {
                daemon.destroy();
            }
            assertThat(daemon.waitFor(STOP_MS, TimeUnit.MILLISECONDS)).isTrue();
            String log = Files.readString(dir.resolve("daemon.err"));
            assertThat(daemon.exitValue()).as(log).isEqualTo(143);
            assertThat(log).contains("connected at 9600 baud", "stopping on a termination signal", "stopped: ")
                    .doesNotContain("went away", "LOGGER ERROR");
        }
    }

    @Test
    void aReaderUnpluggedAndPluggedBackTurnsTheIdleLightAmberAndOffAgainWithOneLineEach() throws Exception {
        assumeTrue(SocatPair.available(), "socat is not installed");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path notify = dir.resolve("notify.sock");
        assertThat(CliRun.main("issuer", "init", "--out", dir.resolve("issuer").toString()).exitCode()).isZero();
        Path synced = Files.writeString(dir.resolve("synced"), "");
        try (SocatPair reader = SocatPair.start(dir);
             AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            Path config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n", "[device]",
                    "data_dir = \"" + data + "\"", "[scan.serial]", "enabled = true",
                    "port = \"" + reader.kiosk() + "\"", "reopen_interval_ms = 200", "[verify]",
                    "trust = [\"" + dir.resolve("issuer/issuer.pub") + "\"]", "[feedback]", "console = true",
                    "[gate]", "clock_sync_flag = \"" + synced + "\"", ""));
            systemd.bind(AFUNIXSocketAddress.of(notify));
            Process daemon = start(config, notify);
            try {
                awaitReady(systemd, daemon);
                awaitLog("connected at 9600 baud");
                long unplugged = System.nanoTime();
                reader.unplug();
                awaitLog("degraded: no reader is usable");
                awaitOutput("[light] AMBER");
                long amberMillis = (System.nanoTime() - unplugged) / 1_000_000;
                try (SocatPair again = SocatPair.start(dir)) {
                    long plugged = System.nanoTime();
                    awaitLog("health: cleared: no reader is usable");
                    awaitOutput("[light] OFF");
                    System.out.printf("FirstRunHealthTest: idle light amber %d ms after the unplug, off %d ms after"
                            + " the reader came back (checks every %d s)%n", amberMillis,
                            (System.nanoTime() - plugged) / 1_000_000, HealthWatch.INTERVAL.toSeconds());
                } finally {
                    daemon.destroy(); // before the reader goes away again: the stop is what the test checks
                }
            } finally {
                daemon.destroy();
            }
            assertThat(daemon.waitFor(STOP_MS, TimeUnit.MILLISECONDS)).isTrue();
            String log = Files.readString(dir.resolve("daemon.err"));
            assertThat(log.split("degraded: ", -1)).as(log).hasSize(2);
            assertThat(log.split("health: cleared: ", -1)).as(log).hasSize(2);
            assertThat(log).contains("every problem cleared", "stopped: ").doesNotContain("LOGGER ERROR");
            assertThat(Files.readAllLines(dir.resolve("daemon.out"))).as("the idle light, once per change")
                    .containsExactly("[light] AMBER", "[light] OFF");
        }
    }

    private void awaitOutput(String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MS);
        while (!Files.readAllLines(dir.resolve("daemon.out")).contains(line)) {
            assertThat(System.nanoTime()).as("output '" + line + "' within " + STOP_MS + " ms").isLessThan(deadline);
            new java.util.concurrent.CountDownLatch(1).await(50, TimeUnit.MILLISECONDS);
        }
    }

    private void awaitLog(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MS);
        while (!Files.readString(dir.resolve("daemon.err")).contains(text)) {
            assertThat(System.nanoTime()).as("log line '" + text + "' within " + STOP_MS + " ms").isLessThan(deadline);
            new java.util.concurrent.CountDownLatch(1).await(50, TimeUnit.MILLISECONDS);
        }
    }

    private Process start(Path config, Path notify) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                // the daemon's own logging configuration, as the package runs it (not the tests' one)
                "-Dtinylog.configuration=tinylog.properties",
                "-cp", System.getProperty("java.class.path"), "dev.passgate.daemon.cli.Main", "run", "--config",
                config.toString())
                .redirectError(dir.resolve("daemon.err").toFile())
                .redirectOutput(dir.resolve("daemon.out").toFile())
                .directory(dir.toFile());
        builder.environment().put("NOTIFY_SOCKET", notify.toString());
        builder.environment().remove("WATCHDOG_USEC");
        return builder.start();
    }

    private void awaitReady(AFUNIXDatagramSocket systemd, Process daemon) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MS);
        byte[] buffer = new byte[4096];
        systemd.setSoTimeout(1000);
        while (System.nanoTime() < deadline && daemon.isAlive()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                systemd.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).contains("READY=1")) {
                return;
            }
        }
        throw new AssertionError("the daemon did not become ready: " + Files.readString(dir.resolve("daemon.err")));
    }
}
