package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.serial.SocatPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code passgate run --config FILE} in a child JVM on this test's class path, as systemd runs it (no notify socket),
 * with its log lines read as a technician reads them: {@link #awaitLine} waits for one, {@link #scan} sends a code
 * through a serial reader and returns the decision the daemon logged. {@link #close} stops it as systemd does.
 */
public final class ChildDaemon implements AutoCloseable {
    private static final Pattern DECISION = Pattern.compile("scan from .*: (\\w+) (\\w+) \\(seq (\\d+)\\)");
    private final Process process;
    private final String name;
    private final long waitNanos;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ChildDaemon(Process process, String name, Duration wait) {
        this.process = process;
        this.name = name;
        this.waitNanos = wait.toNanos();
    }

    /**
     * Starts the daemon in {@code dir} on {@code config}, with {@code jvmOptions} before the class path and
     * {@code logging} (tinylog lines, may be empty) added to the info-level console logging; {@code wait} bounds
     * every wait for a line and for the stop.
     */
    public static ChildDaemon start(Path dir, Path config, Duration wait, List<String> jvmOptions, String logging)
            throws IOException {
        Path properties = Files.writeString(dir.resolve("tinylog-" + config.getFileName() + ".properties"),
                "writer = console\nwriter.stream = err\nwriter.format = {level} [{thread}] {class-name}: {message}\n"
                        + "level = info\nlevel@org.sqlite = warn\nwritingthread = false\n" + logging);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dtinylog.configuration=" + properties);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.passgate.daemon.cli.Main", "run",
                "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("WATCHDOG_USEC");
        return attach(builder.start(), config.getFileName().toString(), wait);
    }

    /**
     * Reads the log of a daemon started otherwise (by the package's launcher, say) as {@link #start} does;
     * {@code wait} bounds every wait for a line and for the stop.
     */
    public static ChildDaemon attach(Process process, String name, Duration wait) {
        ChildDaemon daemon = new ChildDaemon(process, name, wait);
        Thread pump = new Thread(daemon::pump, "daemon-output-" + name);
        pump.setDaemon(true);
        pump.start();
        return daemon;
    }

    private void pump() {
        try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(output ended: " + e.getMessage() + ")");
        }
    }

    /** The first line from now on that contains {@code needle}; fails, showing every line read, after the wait. */
    public String awaitLine(String needle) throws InterruptedException {
        long deadline = System.nanoTime() + waitNanos;
        while (System.nanoTime() < deadline) {
            String line = output.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            if (line.contains(needle)) {
                return line;
            }
        }
        throw new AssertionError(name + ": the daemon did not log \"" + needle + "\"; it logged:\n"
                + String.join("\n", seen));
    }

    /** Scans one code through the serial reader and returns the daemon's "FORMAT VERDICT" for it. */
    public String scan(SocatPair reader, String text) throws Exception {
        reader.send(text + "\r");
        Matcher decision = DECISION.matcher(awaitLine("(seq "));
        assertThat(decision.find()).isTrue();
        return decision.group(1) + " " + decision.group(2);
    }

    /** The lines read so far by {@link #awaitLine}. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    /** How many of the lines read so far are decisions. */
    public long decisions() {
        return seen.stream().filter(line -> DECISION.matcher(line).find()).count();
    }

    public Process process() {
        return process;
    }

    /** Stops the daemon as systemd does (SIGTERM); true when it ended within the wait, else it is killed. */
    public boolean stop() throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (process.waitFor(waitNanos, TimeUnit.NANOSECONDS)) {
            return true;
        }
        process.destroyForcibly();
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
