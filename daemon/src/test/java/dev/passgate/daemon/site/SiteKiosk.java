package dev.passgate.daemon.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.hal.serial.SocatPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kiosk of a site test: {@code passgate run --config FILE} in a child JVM, its serial reader, and its log
 * lines (the site window's receipts at debug level), read as a technician would.
 */
final class SiteKiosk {
    private static final long WAIT_MS = 60_000;
    private static final Pattern DECISION = Pattern.compile("scan from .*: (\\w+) (\\w+) \\(seq (\\d+)\\)");
    private final Process process;
    private final Path config;
    private final SocatPair reader;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private SiteKiosk(Process process, Path config, SocatPair reader) {
        this.process = process;
        this.config = config;
        this.reader = reader;
    }

    static SiteKiosk start(Path dir, Path config, SocatPair reader) throws IOException {
        Path logging = Files.writeString(dir.resolve("tinylog-site.properties"), "writer = console\n"
                + "writer.stream = err\nwriter.format = {level} [{thread}] {class-name}: {message}\nlevel = info\n"
                + "level@org.sqlite = warn\nlevel@dev.passgate.daemon.app.SiteWiring = debug\n"
                + "writingthread = false\n");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dtinylog.configuration=" + logging, "-cp", System.getProperty("java.class.path"),
                "dev.passgate.daemon.cli.Main", "run", "--config", config.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("WATCHDOG_USEC");
        SiteKiosk kiosk = new SiteKiosk(builder.start(), config, reader);
        Thread pump = new Thread(kiosk::pump, "kiosk-output-" + config.getFileName());
        pump.setDaemon(true);
        pump.start();
        return kiosk;
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

    /** Scans one code through the serial reader and returns the daemon's "FORMAT VERDICT" for it. */
    String scan(String text) throws Exception {
        reader.send(text + "\r");
        Matcher decision = DECISION.matcher(awaitLine("(seq "));
        assertThat(decision.find()).isTrue();
        return decision.group(1) + " " + decision.group(2);
    }

    /** {@code passgate status --json} of this kiosk, over its control socket. */
    CBORObject status() {
        CliRun status = CliRun.main("status", "--config", config.toString(), "--json");
        assertThat(status.exitCode()).as(status.err()).isIn(0, 1);
        return CBORObject.FromJSONString(status.out().strip());
    }

    String awaitLine(String needle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
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
        throw new AssertionError(config.getFileName() + " did not log \"" + needle + "\"; it logged:\n"
                + String.join("\n", seen));
    }

    /** Stops the daemon as systemd does (SIGTERM) and waits for it to end. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
