package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
    private static final Path FILE = Path.of("/etc/passgate/passgate.toml");

    @Test
    void reloadableKeysNeedNoRestart() {
        PassgateConfig running = load("");
        PassgateConfig loaded = load("""
                [verify]
                policy = "none"
                [trust]
                warn_after_ms = 60000
                degraded_mode = "confirm"
                [gate]
                freshness_s = 10
                passback = "refuse"
                clock_untrusted = "flag"
                [feedback]
                hold_ms = 500
                [feedback.verdicts.VALID]
                buzzer = "double"
                [entry_log.fields]
                holder = "none"
                """);

        assertThat(ConfigChanges.needingRestart(running, loaded)).isEmpty();
    }

    @Test
    void namesEveryChangedRestartOnlyKeyInFileOrder() {
        PassgateConfig running = load("");
        PassgateConfig loaded = load("""
                [device]
                id = "kiosk-02"
                [log]
                level = "debug"
                [scan.serial]
                enabled = true
                [gate]
                clock_max_jump_ms = 5000
                [feedback.gpio]
                enabled = true
                [entry_log]
                retention_days = 7
                [metrics]
                enabled = true
                """);

        assertThat(ConfigChanges.needingRestart(running, loaded)).containsExactly("device.id", "log.level",
                "scan.serial", "gate.clock_max_jump_ms", "feedback.gpio", "entry_log.retention_days", "metrics");
    }

    private static PassgateConfig load(String toml) {
        ConfigResult result = ConfigLoader.parse(toml, FILE);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
