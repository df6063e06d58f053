package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration reload: what a valid file changes, what an invalid one does not, and what needs a restart. */
class ReloadTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    private static final String BASE = "[device]\nid = \"kiosk-reload\"\ndata_dir = \"data\"\n"
            + "[feedback]\nconsole = true\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void appliesAValidFileFromTheNextScanOn() throws Exception {
        Path file = write(BASE);
        try (Kiosk kiosk = kiosk(file)) {
            Decision first = scanValid(kiosk);
            Decision second = scanValid(kiosk);
            write(BASE + "[feedback.verdicts.VALID]\nlight = \"amber\"\n[gate]\npassback = \"refuse\"\n");
            console.reset();

            ReloadReport report = kiosk.reload();
            Decision third = scanValid(kiosk);
            Decision fourth = scanValid(kiosk);

            assertThat(first.outcome().verdict()).isEqualTo(Verdict.VALID);
            assertThat(second.outcome().verdict()).as("no anti-passback before the reload").isEqualTo(Verdict.VALID);
            assertThat(report.result()).isEqualTo(ReloadReport.Result.APPLIED);
            assertThat(report.restartRequired()).isEmpty();
            assertThat(third.outcome().verdict()).isEqualTo(Verdict.VALID);
            assertThat(fourth.outcome().verdict()).as("anti-passback after the reload").isEqualTo(Verdict.REPLAYED);
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("[light] AMBER")
                    .doesNotContain("[light] GREEN");
            CBORObject reload = kiosk.status().toJson().get("reload");
            assertThat(reload.get("result").AsString()).isEqualTo("applied");
            assertThat(reload.get("at").AsString()).startsWith("2022-01-20T03:3");
        }
    }

    @Test
    void keepsTheRunningConfigurationWhenTheFileIsInvalidAndShowsWhy() throws Exception {
        Path file = write(BASE);
        try (Kiosk kiosk = kiosk(file)) {
            GateRules before = kiosk.gate().rules();
            write(BASE + "[scan]\nmax_length = 10\n[gate]\npassback = \"refuse\"\nfreshness = 3\n");

            ReloadReport report = kiosk.reload();
            Decision first = scanValid(kiosk);
            Decision second = scanValid(kiosk);

            assertThat(report.result()).isEqualTo(ReloadReport.Result.REJECTED);
            assertThat(report.errors()).containsExactly(
                    file + ":7: scan.max_length: found 10, expected 64..16384",
                    file + ":10: gate.freshness: found unknown key, expected one of freshness_s, future_skew_s,"
                            + " passback, passback_minutes, clock_untrusted, clock_max_jump_ms, clock_sync_flag,"
                            + " on_full_disk");
            assertThat(kiosk.gate().rules()).isSameAs(before);
            assertThat(second.outcome().verdict()).as("passback still off").isEqualTo(Verdict.VALID);
            assertThat(first.logged()).isTrue();
            CBORObject status = kiosk.status().toJson();
            // degraded only because this kiosk has no reader; the rejected reload is no problem of its own
            assertThat(status.get("state").AsString()).isEqualTo("degraded");
            assertThat(status.get("problems").size()).isEqualTo(1);
            assertThat(status.get("problems").get(0).AsString()).startsWith("no reader is enabled");
            assertThat(status.get("reload").get("result").AsString()).isEqualTo("rejected");
            assertThat(status.get("reload").get("errors").get(0).AsString()).contains(":7: scan.max_length");
        }
    }

    @Test
    void rejectsAnUnknownPolicyOrAnUnreadableTrustFileThatTheLoaderCannotSee() throws Exception {
        Path file = write(BASE);
        try (Kiosk kiosk = kiosk(file)) {
            write(BASE + "[verify]\npolicy = \"xx-1999\"\ntrust = [\"missing.pem\"]\n");

            ReloadReport report = kiosk.reload();

            assertThat(report.result()).isEqualTo(ReloadReport.Result.REJECTED);
            assertThat(report.errors()).hasSize(2);
            assertThat(report.errors().get(0)).contains("verify.policy: found \"xx-1999\"");
            assertThat(report.errors().get(1)).contains("verify.trust:").contains("missing.pem");
            assertThat(kiosk.live().current().verify().policy()).isEqualTo("kr-2022");
        }
    }

    @Test
    void listsChangedRestartOnlyKeysAndKeepsTheirRunningValues() throws Exception {
        Path file = write(BASE);
        try (Kiosk kiosk = kiosk(file)) {
            write(BASE.replace("kiosk-reload", "kiosk-renamed") + "[log]\nlevel = \"debug\"\n"
                    + "[verify]\npolicy = \"none\"\n");

            ReloadReport report = kiosk.reload();

            assertThat(report.result()).isEqualTo(ReloadReport.Result.APPLIED);
            assertThat(report.restartRequired()).containsExactly("device.id", "log.level");
            assertThat(report.summary()).endsWith("restart required for: device.id, log.level");
            CBORObject status = kiosk.status().toJson();
            assertThat(status.get("deviceId").AsString()).isEqualTo("kiosk-reload");
            assertThat(status.get("reload").get("restartRequired").get(0).AsString()).isEqualTo("device.id");
            assertThat(kiosk.live().current().verify().policy()).isEqualTo("none");

            write(BASE);
            assertThat(kiosk.reload().restartRequired()).as("changed back").isEmpty();
        }
    }

    private Kiosk kiosk(Path file) throws KioskException {
        ConfigResult result = ConfigLoader.load(file);
        Environment env = new Environment(MonotonicClock.startingAt(NOW, System::nanoTime), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(console, true, StandardCharsets.UTF_8),
                PASSES.trust(), decision -> { });
        return Kiosk.assemble(((ConfigResult.Loaded) result).config(), env);
    }

    private static Decision scanValid(Kiosk kiosk) {
        return kiosk.gate().handle(new ScannedCode("test", PASSES.samples().get(0).text(), false, System.nanoTime()));
    }

    private Path write(String toml) throws Exception {
        return Files.writeString(dir.resolve("passgate.toml"), toml);
    }
}
