package dev.passgate.daemon.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Time from start to {@code READY=1}: starts {@code java OPTIONS -jar passgate.jar run --config FILE} as the
 * package's launcher does, with {@code NOTIFY_SOCKET} pointing at a datagram socket this harness owns, as systemd
 * would, and measures from just before the process is started to the arrival of {@code READY=1}, together with the
 * CPU time the process had used by then ({@code /proc/PID/stat}). The configuration is the shipped one with its
 * data in a folder of its own, kept from one untimed first start (which makes the device key and site secret) so
 * that each timed start is a restart, and standard input as the reader, so that closing it stops the daemon. Three
 * ways: without class-data sharing ({@code -Xshare:off}), with the JDK's own archive (the default), and with an
 * application archive made by one training run with {@code -XX:ArchiveClassesAtExit} (not timed), as the package's
 * postinst makes it. Arguments: {@code [runs] [jar] [JVM options...]}, default 5, {@code target/passgate.jar} (or
 * {@code daemon/target/passgate.jar} from the repository root) and {@code -Xmx64m}; docs/performance.md runs it
 * with the launcher's options.
 */
public final class StartupHarness {
    private static final long WAIT_MS = 60_000;
    private static final double TICKS_PER_SECOND = 100;

    private StartupHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String fromRoot = "daemon/target/passgate.jar";
        Path jar = Path.of(args.length > 1 ? args[1] : Files.isDirectory(Path.of("daemon")) ? fromRoot
                : "target/passgate.jar").toAbsolutePath();
        List<String> base = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            base.addAll(Arrays.asList(args[i].trim().split("\\s+")));
        }
        if (base.isEmpty()) {
            base.add("-Xmx64m");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found; build it with mvn -B -q -DskipTests package");
        }
        Path dir = Files.createTempDirectory("passgate-startup-bench");
        Path archive = dir.resolve("passgate.jsa");
        System.out.println(Machine.describe());
        System.out.println("start-up harness: " + runs + " runs per way, " + jar + ", base options " + base + "; "
                + Machine.load());
        Map<String, List<String>> ways = new LinkedHashMap<>();
        ways.put("no CDS (-Xshare:off)", List.of("-Xshare:off"));
        ways.put("JDK CDS archive (default)", List.of());
        ways.put("AppCDS archive", List.of("-XX:SharedArchiveFile=" + archive));
        try {
            for (Map.Entry<String, List<String>> way : ways.entrySet()) {
                if (way.getKey().startsWith("AppCDS")) {
                    start(Files.createTempDirectory(dir, "training"), jar, base,
                            List.of("-XX:ArchiveClassesAtExit=" + archive));
                    System.out.printf("  AppCDS archive made by a training run: %.1f MB%n", Files.size(archive) / 1e6);
                }
                Path data = Files.createTempDirectory(dir, "data");
                start(data, jar, base, way.getValue());
                long[] wall = new long[runs];
                double[] cpu = new double[runs];
                for (int i = 0; i < runs; i++) {
                    double[] measured = start(data, jar, base, way.getValue());
                    wall[i] = (long) measured[0];
                    cpu[i] = measured[1];
                }
                Percentiles times = new Percentiles(wall, runs);
                System.out.printf("  %-26s start to READY=1: median %.0f ms, min %.0f ms, max %.0f ms;"
                                + " CPU at READY median %.0f ms; %s%n", way.getKey(), times.millis(50),
                        times.millis(0), times.maxMillis(), median(cpu), Machine.load());
            }
        } finally {
            BenchKiosk.deleteTree(dir);
        }
    }

    /**
     * One start in {@code run} (its configuration, data and notify socket; the data is kept from an earlier start
     * in the same folder, as on a kiosk that restarts): {wall nanoseconds to READY=1, CPU milliseconds by then}.
     */
    private static double[] start(Path run, Path jar, List<String> base, List<String> extra) throws Exception {
        Path socketPath = run.resolve("notify.sock");
        Files.deleteIfExists(socketPath);
        Path config = BenchKiosk.startupConfig(run);
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(socketPath));
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            command.addAll(base);
            command.addAll(extra);
            command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(run.resolve("daemon.out").toFile());
            builder.environment().put("NOTIFY_SOCKET", socketPath.toString());
            long started = System.nanoTime();
            Process daemon = builder.start();
            awaitReady(systemd, daemon, run);
            long ready = System.nanoTime() - started;
            double cpuMillis = cpuMillis(daemon.pid());
            try (OutputStream stdin = daemon.getOutputStream()) {
                stdin.flush();
            }
            if (!daemon.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)) {
                daemon.destroyForcibly();
                throw new IllegalStateException("the daemon did not stop when its standard input ended");
            }
            return new double[] {ready, cpuMillis};
        }
    }

    private static void awaitReady(AFUNIXDatagramSocket socket, Process daemon, Path run) throws IOException {
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        socket.setSoTimeout(100);
        while (System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("the daemon exited before READY=1: "
                            + Files.readString(run.resolve("daemon.out")));
                }
                continue;
            }
            if (new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).contains("READY=1")) {
                return;
            }
        }
        daemon.destroyForcibly();
        throw new IllegalStateException("no READY=1 within " + WAIT_MS + " ms");
    }

    /** User plus system CPU time of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks). */
    private static double cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
