package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads while scans flow: every scan gets exactly one decision and one entry-log record. */
class ReloadUnderLoadTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    private static final int SCANS = 300;
    private static final String BASE = "[device]\nid = \"kiosk-load\"\ndata_dir = \"data\"\n";
    private static final List<String> FILES = List.of(
            BASE + "[verify]\npolicy = \"none\"\n[feedback]\nhold_ms = 200\n",
            BASE + "[gate]\npassback = \"allow\"\nfreshness_s = 20\n[feedback.verdicts.VALID]\nlight = \"amber\"\n",
            BASE + "[gate]\npassback = \"sometimes\"\n",
            BASE + "[trust]\nwarn_after_ms = 120000\n[entry_log.fields]\nholder = \"none\"\n");

    @TempDir
    Path dir;

    @Test
    void everyScanGetsExactlyOneDecisionAndOneRecordWhileReloadsRepeat() throws Exception {
        Path file = Files.writeString(dir.resolve("passgate.toml"), BASE);
        Queue<Decision> decisions = new ConcurrentLinkedQueue<>();
        Environment env = new Environment(MonotonicClock.startingAt(NOW, System::nanoTime), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), PASSES.trust(),
                decisions::add);
        try (Kiosk kiosk = Kiosk.assemble(((ConfigResult.Loaded) ConfigLoader.load(file)).config(), env)) {
            // given scans flowing from a reader thread
            CompletableFuture<Void> scanning = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < SCANS; i++) {
                    String text = PASSES.samples().get(i % PASSES.samples().size()).text();
                    kiosk.gate().accept(new ScannedCode("load", text, false, System.nanoTime()));
                }
            });

            // when the file changes and is reloaded, valid and invalid in turn, until the scans are done
            int reloads = 0;
            int applied = 0;
            while (!scanning.isDone() || reloads < FILES.size()) {
                Files.writeString(file, FILES.get(reloads % FILES.size()));
                applied += kiosk.reload().applied() ? 1 : 0;
                reloads++;
            }
            scanning.get(60, TimeUnit.SECONDS);

            // then
            List<Long> sequences = decisions.stream().map(Decision::sequence).sorted().toList();
            List<StoredEntry> records = kiosk.entryLog().readFrom(0, SCANS * 2);
            assertThat(decisions).hasSize(SCANS);
            assertThat(sequences).doesNotContain(0L).doesNotHaveDuplicates();
            assertThat(records).hasSize(SCANS);
            assertThat(records.stream().map(StoredEntry::sequence).toList()).isEqualTo(sequences);
            assertThat(kiosk.gate().stats().decisions()).isEqualTo(SCANS);
            assertThat(applied).isPositive().isLessThan(reloads);
        }
    }
}
