package dev.passgate.daemon.app;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.audit.ReadOnlyLog;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.audit.StoredRecord;
import dev.passgate.daemon.cli.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One kiosk under fault injection: a configuration with standard input as the only reader and its data in a
 * folder of its own, started as {@code passgate run} in a child JVM, optionally under libfaketime (the wall clock
 * only: {@code FAKETIME_DONT_FAKE_MONOTONIC=1} keeps the monotonic clock real, as on a Pi whose wall clock was set
 * wrong). No time service is reported: the child cannot load JNA's native library (as under systemd's
 * {@code ProtectClock=}, {@code adjtimex} is unknown), so the flag file alone decides, and the configured flag
 * file never exists. Whatever the CI machine's own NTP state, the kiosk sees a clock nobody synchronised.
 */
final class FaultKiosk {
    static final String DEVICE = "kiosk-fault";
    /** Child JVMs started in this test JVM, for the matrix's figures. */
    static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();
    /** A deadline for a child JVM on a loaded CI machine, not a measurement. */
    private static final long WAIT_MS = 120_000;
    private static final String LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    final Path dir;
    final Path config;
    final Path data;
    private int runs;

    FaultKiosk(Path dir) throws IOException {
        this(dir, List.of(), List.of());
    }

    /** With more {@code [gate]} keys and more sections (each a TOML line) in the configuration. */
    FaultKiosk(Path dir, List<String> gate, List<String> more) throws IOException {
        this.dir = dir;
        this.data = dir.resolve("data");
        List<String> lines = new ArrayList<>(List.of("[device]", "id = \"" + DEVICE + "\"",
                "data_dir = \"" + data + "\"", "[scan.stdin]", "enabled = true", "[gate]",
                "clock_sync_flag = \"" + dir.resolve("no-such-sync-flag") + "\""));
        lines.addAll(gate);
        lines.addAll(more);
        lines.add("");
        this.config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n", lines));
    }

    /** What the latest run printed on standard output (the console feedback, when enabled). */
    String out() throws IOException {
        Path file = dir.resolve("run-" + runs + ".out");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** What one run left: exit code and the daemon's standard error. */
    record Run(int exitCode, String err) {
    }

    Path log() {
        return data.resolve(Kiosk.ENTRY_LOG_FILE);
    }

    /** One figures line: the child JVMs started since {@code startsBefore} and the seconds since {@code fromNanos}. */
    static String figures(String what, int startsBefore, long fromNanos) {
        return "fault matrix figures: " + what + " child-jvm-starts=" + (STARTS.get() - startsBefore) + " seconds="
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - fromNanos);
    }

    /** Starts the daemon, wall clock shifted by {@code offset} (a libfaketime offset such as "+30d", or null). */
    Process start(String offset) throws IOException {
        return start(offset == null ? Map.of() : Map.of("LD_PRELOAD", LIBFAKETIME, "FAKETIME", offset,
                "FAKETIME_DONT_FAKE_MONOTONIC", "1"));
    }

    Process start(Map<String, String> env) throws IOException {
        runs++;
        STARTS.incrementAndGet();
        Files.deleteIfExists(dir.resolve("target/tinylog-test.log"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djna.nosys=true",
                "-Djna.nounpack=true", "-Djna.noclasspath=true", "-cp",
                System.getProperty("java.class.path"), "dev.passgate.daemon.cli.Main", "run", "--config",
                config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("run-" + runs + ".out").toFile())
                .redirectError(dir.resolve("run-" + runs + ".err").toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("WATCHDOG_USEC");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs the daemon with {@code scans} on standard input until it ends at their end. */
    Run run(String offset, String... scans) throws Exception {
        Process daemon = start(offset);
        feed(daemon, scans);
        return finish(daemon);
    }

    /** Writes each scan as one line. */
    static void feed(Process daemon, String... scans) throws IOException {
        OutputStream stdin = daemon.getOutputStream();
        for (String scan : scans) {
            stdin.write((scan + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        stdin.flush();
    }

    /** Closes standard input, which stops the daemon, and waits for it. */
    Run finish(Process daemon) throws Exception {
        daemon.getOutputStream().close();
        if (!daemon.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)) {
            daemon.destroyForcibly();
            throw new AssertionError("the daemon did not stop within " + WAIT_MS + " ms: " + err());
        }
        return new Run(daemon.exitValue(), err());
    }

    /** Kills the daemon with SIGKILL and waits for it. */
    Run kill(Process daemon) throws Exception {
        daemon.toHandle().destroyForcibly();
        if (!daemon.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the daemon did not die");
        }
        return new Run(daemon.exitValue(), err());
    }

    /** Polls until {@code condition} holds or the daemon ended or the deadline passed. */
    static void await(Process daemon, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("waiting for " + what + ": daemon alive " + daemon.isAlive());
            }
            Thread.onSpinWait();
            try {
                daemon.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * What the latest run logged: its standard error, and the log file tinylog writes in the working folder when the
     * test configuration ({@code tinylog-test.properties}, on the class path) sends info lines there.
     */
    String err() throws IOException {
        Path file = dir.resolve("run-" + runs + ".err");
        Path log = dir.resolve("target/tinylog-test.log");
        return (Files.exists(file) ? Files.readString(file) : "") + (Files.exists(log) ? Files.readString(log) : "");
    }

    /** Whether the latest run logged a decision with a sequence number (written to the entry log). */
    boolean errContainsLogged() {
        try {
            return err().lines().anyMatch(line -> line.contains("scan from stdin") && !line.endsWith("(seq 0)"));
        } catch (IOException e) {
            return false;
        }
    }

    List<StoredEntry> entries() throws SQLException {
        return ReadOnlyLog.entries(log(), DEVICE);
    }

    List<StoredRecord> records() throws SQLException {
        return ReadOnlyLog.records(log(), DEVICE);
    }

    /** Scan entries, or 0 while the file cannot be read (being created). */
    long entryCount() {
        try {
            return Files.exists(log()) ? entries().size() : 0;
        } catch (SQLException e) {
            return 0;
        }
    }

    /** {@code passgate log verify}: exit code and the JSON answer (null when it printed none). */
    Verified verify() {
        CliRun run = CliRun.main("log", "verify", "--config", config.toString());
        String line = run.out().strip();
        return new Verified(run.exitCode(), line.isEmpty() ? null : CBORObject.FromJSONString(line), run.err());
    }

    record Verified(int exitCode, CBORObject json, String err) {
        String result() {
            return json == null ? "none: " + err : json.get("result").AsString();
        }

        long number(String key) {
            return json.get(key).AsNumber().ToInt64Checked();
        }
    }

    /** Scans that every verifier refuses as malformed: each is still a decision, logged. */
    static String[] scans(String prefix, int count) {
        String[] scans = new String[count];
        for (int i = 0; i < count; i++) {
            scans[i] = prefix + "-" + i;
        }
        return scans;
    }
}
