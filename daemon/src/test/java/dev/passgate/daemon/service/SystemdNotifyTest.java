package dev.passgate.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Runs {@code passgate run} in a child JVM with {@code NOTIFY_SOCKET} pointing at a datagram socket this test
 * owns, as systemd would, and reads what the daemon tells the service manager.
 */
class SystemdNotifyTest {
    private static final int WAIT_MS = 15_000;

    @TempDir
    Path dir;

    @Test
    void announcesReadyPetsTheWatchdogAndWithholdsItWhileTheScanPathHangs() throws Exception {
        Path socketPath = dir.resolve("notify.sock");
        Path config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[device]", "id = \"kiosk-notify\"", "data_dir = \"data\"", "[scan.stdin]", "enabled = true", ""));
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(socketPath));
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    "dev.passgate.daemon.cli.Main", "run", "--config", config.toString())
                    .redirectError(dir.resolve("daemon.err").toFile())
                    .redirectOutput(dir.resolve("daemon.out").toFile());
            builder.environment().put("NOTIFY_SOCKET", socketPath.toString());
            builder.environment().put("WATCHDOG_USEC", "200000");
            builder.environment().remove("WATCHDOG_PID");
            Process daemon = builder.start();
            try (OutputStream stdin = daemon.getOutputStream()) {
                String ready = await(systemd, m -> m.contains("READY=1"));
                assertThat(ready).contains("STATUS=verifying offline");
                await(systemd, m -> m.equals("WATCHDOG=1"));
                await(systemd, m -> m.equals("WATCHDOG=1"));

                try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/entries.db"));
                     Statement sql = lock.createStatement()) {
                    sql.execute("BEGIN IMMEDIATE");
                    stdin.write("HC1:SCANNED-WHILE-THE-DISK-IS-STUCK\n".getBytes(StandardCharsets.US_ASCII));
                    stdin.flush();
                    await(systemd, m -> m.startsWith("STATUS=unhealthy: "));
                    List<String> whileHung = drain(systemd, 800);
                    assertThat(whileHung).doesNotContain("WATCHDOG=1");
                    sql.execute("ROLLBACK");
                }
                await(systemd, m -> m.equals("WATCHDOG=1"));
            }
            await(systemd, m -> m.contains("STOPPING=1"));
            assertThat(daemon.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(daemon.exitValue()).isZero();
        }
    }

    private static String await(AFUNIXDatagramSocket socket, Predicate<String> wanted) throws IOException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
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

    private static List<String> drain(AFUNIXDatagramSocket socket, int millis) throws IOException {
        List<String> messages = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            String message = receive(socket, left);
            if (message != null) {
                messages.add(message);
            }
        }
        return messages;
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
