package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.PhoneSimulator;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KioskPg1Test {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void replayedPresentationIsRefusedAfterARestartAndTheSameHolderIsRefusedWithinThePassbackWindow()
            throws Exception {
        MonotonicClock clock = MonotonicClock.startingAt(NOW, System::nanoTime);
        PhoneSimulator phone = PhoneSimulator.mint(NOW.minusSeconds(3600));
        Path file = Files.writeString(dir.resolve("passgate.toml"), "[device]\ndata_dir = \"data\"\n"
                + "[gate]\npassback = \"refuse\"\nclock_sync_flag = \"no-sync-flag\"\n");
        PassgateConfig config = ((ConfigResult.Loaded) ConfigLoader.load(file)).config();
        Environment env = new Environment(clock, System::nanoTime, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), phone.trust(), d -> { });
        String shown = phone.present(clock.instant());

        try (Kiosk first = Kiosk.assemble(config, env)) {
            assertThat(scan(first, shown).verdict()).isEqualTo(Verdict.VALID);
        }
        try (Kiosk second = Kiosk.assemble(config, env)) {
            assertThat(scan(second, shown).verdict()).isEqualTo(Verdict.REPLAYED);
            assertThat(scan(second, phone.present(clock.instant())).verdict()).isEqualTo(Verdict.VALID);
            Outcome again = scan(second, phone.present(clock.instant()));
            assertThat(again.verdict()).isEqualTo(Verdict.REPLAYED);
            assertThat(again.reason()).startsWith("already admitted at");

            List<StoredEntry> entries = second.entryLog().readFrom(0, 10);
            assertThat(entries).extracting(e -> e.record().verdict())
                    .containsExactly("VALID", "REPLAYED", "VALID", "REPLAYED");
            assertThat(entries).extracting(e -> e.record().format()).containsOnly("PG1");
            assertThat(entries).allSatisfy(e -> assertThat(e.record().clockTrusted()).isTrue());
            assertThat(entries).allSatisfy(e -> assertThat(e.record().holderId()).isNotNull());
        }
    }

    private static Outcome scan(Kiosk kiosk, String text) {
        return kiosk.gate().handle(new ScannedCode("test", text, false, System.nanoTime())).outcome();
    }
}
