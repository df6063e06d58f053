package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [staff]}: defaults that wait for nothing, a valid section, and every error with its file and line. */
class StaffConfigTest {
    @TempDir
    Path dir;

    private Path file;

    @Test
    void withoutAStaffSectionNothingWaitsAndNoKeyMarksAStaffCard() throws IOException {
        PassgateConfig config = load("[device]\nid = \"k\"\n");

        assertThat(config.staff()).isEqualTo(StaffConfig.DEFAULTS);
        assertThat(config.staff().waitsFor("CONFIRM_REQUIRED", null)).isFalse();
        assertThat(config.staff().window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.feedback().verdicts().get("STAFF_WAITING").lightPattern()).isEqualTo(LightPattern.BLINK);
        assertThat(config.feedback().verdicts().get("STAFF_CONFIRMED").relay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.feedback().verdicts().get("STAFF_TIMED_OUT").relay()).isZero();
    }

    @Test
    void readsTheOutcomesThatWaitTheWindowAndTheStaffKeys() throws IOException {
        PassgateConfig config = load("[staff]\nconfirm = [\"CONFIRM_REQUIRED\", \"EXEMPT_CHECK_ID\"]\nwindow_s = 45\n"
                + "card_keys = [\"6j3C+1ov7Ys=\"]\n[feedback.verdicts.STAFF_WAITING]\nlight = \"red\"\n");

        StaffConfig staff = config.staff();
        assertThat(staff.confirm()).containsExactly("CONFIRM_REQUIRED", "EXEMPT_CHECK_ID");
        assertThat(staff.window()).isEqualTo(Duration.ofSeconds(45));
        assertThat(staff.isStaffKey("6j3C+1ov7Ys=")).isTrue();
        assertThat(staff.isStaffKey("AAAAAAAAAAA=")).isFalse();
        assertThat(staff.waitsFor("CONFIRM_REQUIRED", "trust degraded")).isTrue();
        assertThat(staff.waitsFor("POLICY_REJECTED", "EXEMPT_CHECK_ID: show an ID")).isTrue();
        assertThat(staff.waitsFor("POLICY_REJECTED", "too few doses")).isFalse();
        assertThat(config.feedback().verdicts().get("STAFF_WAITING").light()).isEqualTo(Light.RED);
    }

    @Test
    void refusesOutcomesNoPersonCanMakeGenuineAndReportsEveryErrorWithItsLine() throws IOException {
        List<String> errors = errorsOf("[staff]\nconfirm = [\"VALID\", \"REVOKED\", \"CONFIRM_REQUIRED\","
                + " \"CONFIRM_REQUIRED\"]\nwindow_s = 2\ncard_keys = [\"has space\"]\nretries = 1\n");

        String expected = "one of " + StaffConfig.CONFIRMABLE_VERDICTS + " or " + StaffConfig.CONFIRMABLE_REASONS
                + " (an outcome a person can judge; never a forged or expired pass)";
        assertThat(errors).containsExactlyInAnyOrder(
                file + ":5: staff.retries: found unknown key, expected one of confirm, window_s, card_keys",
                file + ":2: staff.confirm[0]: found string \"VALID\", expected " + expected,
                file + ":2: staff.confirm[1]: found string \"REVOKED\", expected " + expected,
                file + ":2: staff.confirm[3]: found string \"CONFIRM_REQUIRED\", expected a value not already listed at"
                        + " staff.confirm[2]",
                file + ":3: staff.window_s: found 2, expected 5..300",
                file + ":4: staff.card_keys[0]: found string \"has space\", expected a PG1 issuer key id as 'passgate"
                        + " issuer init' prints it (" + StaffConfig.KEY_ID_PATTERN.pattern() + ")");
    }

    @Test
    void theRecordRefusesWhatTheFileCannotSay() {
        assertThatThrownBy(() -> new StaffConfig(List.of("MALFORMED"), Duration.ofSeconds(30), List.of()))
                .hasMessageContaining("found MALFORMED");
        assertThatThrownBy(() -> new StaffConfig(List.of(), Duration.ofMillis(30_500), List.of()))
                .hasMessageContaining("whole seconds");
    }

    @Test
    void aStaffConfirmationOpensTheDoorAsValidDoesUnlessTheFileSaysOtherwise() throws IOException {
        PassgateConfig config = load("[feedback.gpio.relay]\nmax_on_ms = 1000\n[feedback.verdicts.VALID]\n"
                + "relay_ms = 800\n");

        assertThat(config.feedback().verdicts().get("STAFF_CONFIRMED").relay()).isEqualTo(Duration.ofMillis(800));
        assertThat(errorsOf("[feedback.gpio.relay]\nmax_on_ms = 1000\n[feedback.verdicts.VALID]\nrelay_ms = 800\n"
                + "[feedback.verdicts.STAFF_CONFIRMED]\nrelay_ms = 2000\n")).containsExactly(file
                + ":6: feedback.verdicts.STAFF_CONFIRMED.relay_ms: found 2000, expected at most"
                + " feedback.gpio.relay.max_on_ms = 1000");
    }

    @Test
    void aChangedStaffSectionNeedsARestart() throws IOException {
        PassgateConfig before = load("[device]\nid = \"k\"\n");
        PassgateConfig after = load("[device]\nid = \"k\"\n[staff]\nconfirm = [\"CONFIRM_REQUIRED\"]\n");

        assertThat(ConfigChanges.needingRestart(before, after)).containsExactly("staff");
    }

    private PassgateConfig load(String toml) throws IOException {
        file = Files.writeString(dir.resolve("passgate.toml"), toml);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }

    private List<String> errorsOf(String toml) throws IOException {
        file = Files.writeString(dir.resolve("passgate.toml"), toml);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        return ((ConfigResult.Invalid) result).errors().stream().map(ConfigError::toString).toList();
    }
}
