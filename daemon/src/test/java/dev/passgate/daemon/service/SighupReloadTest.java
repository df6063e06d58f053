package dev.passgate.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.cli.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@code passgate run} in a child JVM, as systemd runs it: a real SIGHUP reloads the configuration, announced with
 * {@code RELOADING=1} and {@code READY=1} on the notify socket and visible in {@code passgate status --json}; an
 * invalid file is rejected and the daemon keeps running; {@code passgate reload} asks over the control socket; the
 * metrics endpoint answers when the configuration enables it.
 */
class SighupReloadTest {
    private static final int WAIT_MS = 30_000;
    /** A JVM starting on a loaded CI machine can take a while; this is a deadline, not a measurement. */
    private static final int START_MS = 90_000;

    @TempDir
    Path dir;

    @Test
    void sighupReloadsAValidFileAndRejectsAnInvalidOneWhileTheDaemonRuns() throws Exception {
        Path socketPath = dir.resolve("notify.sock");
        int port = freePort();
        String base = String.join("\n", "[device]", "id = \"kiosk-hup\"", "data_dir = \"data\"", "[scan.stdin]",
                "enabled = true", "[metrics]", "enabled = true", "listen = \"127.0.0.1:" + port + "\"", "");
        Path config = Files.writeString(dir.resolve("passgate.toml"), base);
        Path control = dir.resolve("data/control/passgate.sock");
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(socketPath));
            Process daemon = start(config, socketPath);
            try (OutputStream stdin = daemon.getOutputStream()) {
                awaitStart(systemd);

                // a valid file with a reloadable and a restart-only change
                Files.writeString(config, base.replace("kiosk-hup", "kiosk-renamed")
                        + "[gate]\npassback = \"refuse\"\n");
                hangUp(daemon);
                String reloading = await(systemd, m -> m.contains("RELOADING=1"));
                String ready = await(systemd, m -> m.contains("READY=1"));
                CBORObject applied = status(control);

                // an invalid file
                Files.writeString(config, base + "[gate]\npassback = \"sometimes\"\n");
                hangUp(daemon);
                await(systemd, m -> m.contains("RELOADING=1"));
                String rejectedReady = await(systemd, m -> m.contains("READY=1"));
                CBORObject rejected = status(control);
                CliRun viaSocket = CliRun.main("reload", "--socket", control.toString());
                // the broken file itself: the client finds the daemon from it and the daemon answers with its errors
                CliRun viaBrokenFile = CliRun.main("reload", "--config", config.toString(), "--json");
                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(reloading).contains("MONOTONIC_USEC=");
                assertThat(ready).contains("STATUS=configuration reloaded from")
                        .contains("restart required for: device.id");
                assertThat(applied.get("state").AsString()).as("no issuer is trusted").isEqualTo("degraded");
                assertThat(applied.get("deviceId").AsString()).isEqualTo("kiosk-hup");
                assertThat(applied.get("reload").get("result").AsString()).isEqualTo("applied");
                assertThat(applied.get("reload").get("restartRequired").get(0).AsString()).isEqualTo("device.id");
                assertThat(rejectedReady).contains("STATUS=configuration reload rejected");
                assertThat(rejected.get("state").AsString()).as("no issuer is trusted").isEqualTo("degraded");
                assertThat(rejected.get("reload").get("result").AsString()).isEqualTo("rejected");
                assertThat(rejected.get("reload").get("errors").get(0).AsString())
                        .isEqualTo(config + ":10: gate.passback: found \"sometimes\", expected one of off, refuse,"
                                + " allow");
                assertThat(viaSocket.exitCode()).isEqualTo(1);
                assertThat(viaSocket.out()).contains("reload rejected", ":10: gate.passback");
                assertThat(viaBrokenFile.exitCode()).as(viaBrokenFile.err()).isEqualTo(1);
                assertThat(viaBrokenFile.err()).contains("has 1 error(s)", "asking the daemon");
                CBORObject brokenAnswer = CBORObject.FromJSONString(viaBrokenFile.out().strip());
                assertThat(brokenAnswer.get("result").AsString()).isEqualTo("rejected");
                assertThat(brokenAnswer.get("errors").get(0).AsString()).contains(":10: gate.passback");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("passgate_up 1", "passgate_config_reload_ok 0");
            }
            await(systemd, m -> m.contains("STOPPING=1"));
            assertThat(daemon.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(daemon.exitValue()).isZero();
            assertThat(Files.readString(dir.resolve("daemon.out")) + Files.readString(dir.resolve("daemon.err")))
                    .contains("configuration reload from",
                    "rejected", ":10: gate.passback");
        }
    }

    /** The daemon runs in the temporary folder, so its test log does not overwrite this JVM's. */
    private Process start(Path config, Path notifySocket) throws IOException {
        List<String> command = new ArrayList<>();
        if (hangUpIgnoredHere()) {
            command.addAll(List.of("env", "--default-signal=HUP"));
        }
        command.addAll(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "dev.passgate.daemon.cli.Main", "run", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(dir.resolve("daemon.err").toFile())
                .redirectOutput(dir.resolve("daemon.out").toFile())
                .directory(dir.toFile());
        builder.environment().put("NOTIFY_SOCKET", notifySocket.toString());
        builder.environment().remove("WATCHDOG_USEC");
        return builder.start();
    }

    /**
     * Whether this JVM was started with SIGHUP ignored (a build under {@code nohup}); a child would inherit that, as
     * systemd's services do not, so the child is then started through {@code env --default-signal=HUP}.
     */
    private static boolean hangUpIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 1) != 0;
            }
        }
        return false;
    }

    private static void hangUp(Process daemon) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).inheritIO().start();
        assertThat(kill.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static CBORObject status(Path control) {
        CliRun run = CliRun.main("status", "--socket", control.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        return CBORObject.FromJSONString(run.out().strip());
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void awaitStart(AFUNIXDatagramSocket systemd) throws IOException {
        try {
            await(systemd, m -> m.contains("READY=1"), START_MS);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; daemon output: " + Files.readString(dir.resolve("daemon.out"))
                    + Files.readString(dir.resolve("daemon.err")), e);
        }
    }

    private static String await(AFUNIXDatagramSocket socket, Predicate<String> wanted) throws IOException {
        return await(socket, wanted, WAIT_MS);
    }

    private static String await(AFUNIXDatagramSocket socket, Predicate<String> wanted, int millis)
            throws IOException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            String message = receive(socket, WAIT_MS);
            if (message != null) {
                seen.add(message);
                if (wanted.test(message)) {
                    return message;
                }
            }
        }
        throw new AssertionError("expected message not received; saw " + seen);
    }

    private static String receive(AFUNIXDatagramSocket socket, int timeoutMillis) throws IOException {
        byte[] buffer = new byte[4096];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(timeoutMillis);
        try {
            socket.receive(packet);
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
