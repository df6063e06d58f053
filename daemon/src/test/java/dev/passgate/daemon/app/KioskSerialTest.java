package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.serial.SocatPair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiosk as {@code passgate run} assembles it from a configuration file, reading a serial barcode reader
 * through a socat pseudo-terminal pair, with the reader unplugged and plugged back in between two scans.
 */
class KioskSerialTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    @Test
    void decidesCodesFromASerialReaderAcrossAnUnplugAndLogsEach() throws Exception {
        assumeTrue(SocatPair.available(), "socat is not installed");
        BlockingQueue<Decision> decisions = new LinkedBlockingQueue<>();
        PassgateConfig config = config();
        Environment env = new Environment(MonotonicClock.startingAt(NOW, System::nanoTime), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                TrustStore.empty(), decisions::add);

        try (SocatPair reader = SocatPair.start(dir); Kiosk kiosk = Kiosk.assemble(config, env)) {
            kiosk.start();
            reader.send(PASSES.samples().get(0).text() + "\r");
            Decision first = decisions.poll(10, TimeUnit.SECONDS);
            reader.unplug();
            try (SocatPair again = SocatPair.start(dir)) {
                again.send(PASSES.samples().get(1).text() + "\r");
                Decision second = decisions.poll(10, TimeUnit.SECONDS);

                assertThat(first).isNotNull();
                assertThat(first.outcome().verdict().name()).isEqualTo("VALID");
                assertThat(second).as("decision after replug").isNotNull();
                assertThat(second.outcome().verdict().name()).isEqualTo("EXPIRED");
            }
        }
        try (EntryLog log = EntryLog.open(dir.resolve("data/entries.db"), "kiosk-serial")) {
            List<StoredEntry> entries = log.readFrom(0, 10);
            assertThat(entries).extracting(e -> e.record().verdict()).containsExactly("VALID", "EXPIRED");
        }
    }

    private PassgateConfig config() throws Exception {
        byte[] der = PASSES.issuerCertificate().getEncoded();
        Files.writeString(dir.resolve("issuer.txt"), Base64.getEncoder().encodeToString(der));
        Path file = Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[device]",
                "id = \"kiosk-serial\"",
                "data_dir = \"data\"",
                "[scan.serial]",
                "enabled = true",
                "port = \"" + dir.resolve("kiosk") + "\"",
                "baud = 9600",
                "framing = \"CR\"",
                "reopen_interval_ms = 100",
                "[verify]",
                "trust = [\"issuer.txt\"]",
                ""));
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
