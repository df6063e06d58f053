package dev.passgate.daemon.bench;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.app.Decision;
import dev.passgate.daemon.app.Environment;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.app.KioskException;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.PhoneSimulator;
import dev.passgate.daemon.verify.TrustStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A whole kiosk as {@code passgate run} assembles it, for the harnesses: its configuration written to a file in
 * {@code dir} (entry log, replay cache and site secret in {@code dir/data}, console feedback into a null stream,
 * the shipped defaults otherwise, including policy {@code kr-2022}), optionally a serial reader on a port, and a
 * rotating mix of codes to scan ({@link #nextCode}): the demo's four HC1 samples (valid, expired, forged, unknown
 * issuer), a SMART Health Card and a PG1 presentation signed fresh for each scan. The wall clock starts at
 * {@link Fixtures#NOW} and moves with {@code System.nanoTime}.
 */
final class BenchKiosk {
    private final Fixtures fixtures = Fixtures.mint();
    private final PhoneSimulator phone = PhoneSimulator.mint(Fixtures.NOW.minusSeconds(3600));
    private final Clock clock = MonotonicClock.startingAt(Fixtures.NOW, System::nanoTime);
    private final List<String> fixed = new ArrayList<>();
    private int next;

    BenchKiosk() {
        fixtures.demo.samples().forEach(sample -> fixed.add(sample.text()));
        fixed.add(fixtures.shc);
    }

    /** The kiosk's configuration; {@code serialPort} null for no serial reader. */
    static PassgateConfig config(Path dir, String serialPort) throws IOException {
        List<String> lines = new ArrayList<>(List.of("[device]", "id = \"kiosk-bench\"",
                "data_dir = \"" + dir.resolve("data") + "\"",
                "site_secret_file = \"" + dir.resolve("data/site-secret") + "\"",
                "[gate]", "clock_sync_flag = \"" + dir.resolve("no-sync-flag") + "\"",
                "[feedback]", "console = true"));
        if (serialPort != null) {
            lines.addAll(List.of("[scan.serial]", "enabled = true", "port = \"" + serialPort + "\"", "baud = 9600",
                    "framing = \"CR\"", "reopen_interval_ms = 100"));
        }
        Path file = Files.writeString(dir.resolve("passgate.toml"), String.join("\n", lines) + "\n");
        ConfigResult result = ConfigLoader.load(file);
        if (!(result instanceof ConfigResult.Loaded loaded)) {
            throw new IllegalStateException("the harness configuration is invalid: " + result);
        }
        return loaded.config();
    }

    /**
     * The shipped configuration ({@code config/passgate.toml}'s defaults) with its data in {@code dir/data} and
     * standard input as the only reader, for a daemon started as a process.
     */
    static Path startupConfig(Path dir) throws IOException {
        return Files.writeString(dir.resolve("passgate.toml"), String.join("\n", "[device]",
                "data_dir = \"" + dir.resolve("data") + "\"",
                "site_secret_file = \"" + dir.resolve("data/site-secret") + "\"",
                "[scan.stdin]", "enabled = true", ""));
    }

    Kiosk assemble(PassgateConfig config, Consumer<Decision> listener) throws KioskException {
        TrustStore trust = TrustStore.builder().addAll(fixtures.trust).addAll(phone.trust()).build();
        Environment env = new Environment(clock, System::nanoTime, InputStream.nullInputStream(),
                new PrintStream(OutputStream.nullOutputStream(), true), trust, listener);
        return Kiosk.assemble(config, env);
    }

    /** Deletes a harness's folder and everything in it; a failure is only reported. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** The next code of the mix: six kinds in turn. */
    String nextCode() {
        int kind = next++ % (fixed.size() + 1);
        return kind < fixed.size() ? fixed.get(kind) : phone.present(clock.instant());
    }
}
