package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.PhoneSimulator;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kiosk of one venue, as {@code passgate run} assembles it: presentations for this venue admitted, for another
 * refused; a reload that widens {@code gate.freshness_s} and a restart never admit a presentation seen before.
 */
class VenueReloadTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");
    private static final String BASE = "[device]\ndata_dir = \"data\"\n[feedback]\nconsole = true\n";
    private static final String VENUE = "[venue]\nid = \"SEOUL-HALL-1\"\n";

    @TempDir
    Path dir;

    /** Wall and monotonic time move together, by hand. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void aPresentationSeenOnceStaysReplayedWhenAReloadWidensTheWindowAndAfterARestart() throws Exception {
        PhoneSimulator phone = PhoneSimulator.mint(NOW.minusSeconds(3600));
        Path file = write("[gate]\nfreshness_s = 30\nclock_sync_flag = \"no-sync-flag\"\n");
        String shown = phone.present(NOW, Optional.of("SEOUL-HALL-1"));
        MonotonicClock clock = MonotonicClock.startingAt(NOW, nanos::get);

        try (Kiosk kiosk = kiosk(file, phone, clock)) {
            Outcome first = scan(kiosk, shown);
            advance(Duration.ofSeconds(60));
            Outcome stale = scan(kiosk, shown);
            write("[gate]\nfreshness_s = 300\nfuture_skew_s = 60\nclock_sync_flag = \"no-sync-flag\"\n");
            ReloadReport report = kiosk.reload();
            Outcome widened = scan(kiosk, shown);

            assertThat(first.verdict().name()).isEqualTo("VALID");
            assertThat(stale.verdict().name()).as("older than the 30 s window").isEqualTo("STALE");
            assertThat(report.result()).isEqualTo(ReloadReport.Result.APPLIED);
            assertThat(widened.verdict().name()).as("fresh in a 300 s window, but seen").isEqualTo("REPLAYED");
            assertThat(widened.checks()).containsEntry("freshness", true).containsEntry("replay", false);
        }
        advance(Duration.ofSeconds(200));
        try (Kiosk restarted = kiosk(file, phone, clock)) {
            Outcome afterRestart = scan(restarted, shown);
            advance(Duration.ofSeconds(100));
            Outcome outOfEveryWindow = scan(restarted, shown);

            assertThat(afterRestart.verdict().name()).as("260 s after it was shown").isEqualTo("REPLAYED");
            assertThat(outOfEveryWindow.verdict().name()).isEqualTo("STALE");
            List<StoredEntry> entries = restarted.entryLog().readFrom(0, 10);
            assertThat(entries).extracting(e -> e.record().verdict())
                    .containsExactly("VALID", "STALE", "REPLAYED", "REPLAYED", "STALE");
        }
    }

    @Test
    void admitsThisVenueRefusesAnotherAndLogsAndShowsIt() throws Exception {
        PhoneSimulator phone = PhoneSimulator.mint(NOW.minusSeconds(3600));
        Path file = write("[gate]\nclock_sync_flag = \"no-sync-flag\"\n");

        try (Kiosk kiosk = kiosk(file, phone, MonotonicClock.startingAt(NOW, nanos::get))) {
            Outcome here = scan(kiosk, phone.present(NOW, Optional.of("SEOUL-HALL-1")));
            advance(Duration.ofSeconds(2));
            console.reset();
            Outcome elsewhere = scan(kiosk, phone.present(NOW.plusSeconds(2), Optional.of("BUSAN-HALL-2")));
            String shown = console.toString(StandardCharsets.UTF_8);
            Outcome unbound = scan(kiosk, phone.present(NOW.plusSeconds(2)));
            write("[gate]\nclock_sync_flag = \"no-sync-flag\"\n[venue]\nid = \"SEOUL-HALL-1\"\nunbound = \"refuse\"\n",
                    "");
            assertThat(kiosk.reload().result()).isEqualTo(ReloadReport.Result.APPLIED);
            Outcome unboundRefused = scan(kiosk, phone.present(NOW.plusSeconds(2)));

            assertThat(here.verdict().name()).isEqualTo("VALID");
            assertThat(here.checks()).containsEntry("venue", true);
            assertThat(elsewhere.verdict().name()).isEqualTo("WRONG_VENUE");
            assertThat(elsewhere.reason()).contains("signed for venue BUSAN-HALL-2, this kiosk is venue SEOUL-HALL-1");
            assertThat(shown).contains("[light] RED").doesNotContain("[relay]");
            assertThat(unbound.verdict().name()).as("venue.unbound defaults to admit").isEqualTo("VALID");
            assertThat(unboundRefused.verdict().name()).isEqualTo("WRONG_VENUE");
            assertThat(kiosk.entryLog().readFrom(0, 10)).extracting(e -> e.record().verdict())
                    .containsExactly("VALID", "WRONG_VENUE", "VALID", "WRONG_VENUE");
        }
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private Path write(String gate) throws Exception {
        return write(gate, VENUE);
    }

    private Path write(String gate, String venue) throws Exception {
        return Files.writeString(dir.resolve("passgate.toml"), BASE + gate + venue);
    }

    private Kiosk kiosk(Path file, PhoneSimulator phone, MonotonicClock clock) throws KioskException {
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        Environment env = new Environment(clock, nanos::get, new ByteArrayInputStream(new byte[0]),
                new PrintStream(console, true, StandardCharsets.UTF_8), phone.trust(), d -> { });
        return Kiosk.assemble(((ConfigResult.Loaded) result).config(), env);
    }

    private Outcome scan(Kiosk kiosk, String text) {
        return kiosk.gate().handle(new ScannedCode("test", text, false, nanos.get())).outcome();
    }
}
