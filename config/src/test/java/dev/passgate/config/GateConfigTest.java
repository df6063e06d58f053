package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryGateKey() throws IOException {
        Path file = Files.writeString(dir.resolve("passgate.toml"), """
                [gate]
                freshness_s = 20
                future_skew_s = 3
                passback = "refuse"
                passback_minutes = 15
                clock_untrusted = "flag"
                clock_max_jump_ms = 5000
                clock_sync_flag = "sync/flag"
                on_full_disk = "closed"
                """);

        ConfigResult result = ConfigLoader.load(file);

        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        GateConfig gate = ((ConfigResult.Loaded) result).config().gate();
        assertThat(gate).isEqualTo(new GateConfig(Duration.ofSeconds(20), Duration.ofSeconds(3),
                GateConfig.Passback.REFUSE, Duration.ofMinutes(15), GateConfig.ClockUntrusted.FLAG,
                Duration.ofMillis(5000), dir.resolve("sync/flag"), GateConfig.FullDisk.CLOSED));
    }

    @Test
    void reportsAnUnknownFullDiskPolicyWithFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("passgate.toml"), "[gate]\non_full_disk = \"maybe\"\n");

        ConfigResult result = ConfigLoader.load(file);

        assertThat(result.toString()).contains("gate.on_full_disk").contains("maybe").contains(":2");
        assertThat(GateConfig.DEFAULTS.onFullDisk()).isEqualTo(GateConfig.FullDisk.OPEN);
    }

    @Test
    void defaultsWhenTheSectionIsAbsent() {
        assertThat(ConfigLoader.defaults(dir.resolve("x.toml")).gate()).isEqualTo(GateConfig.DEFAULTS);
    }

    @Test
    void reportsAnUnknownPassbackMode() throws IOException {
        Path file = Files.writeString(dir.resolve("passgate.toml"), "[gate]\npassback = \"sometimes\"\n");

        ConfigResult result = ConfigLoader.load(file);

        assertThat(result.toString()).contains("gate.passback").contains("sometimes");
    }
}
