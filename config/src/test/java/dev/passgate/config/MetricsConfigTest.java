package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {
    private static final Path FILE = Path.of("/etc/passgate/passgate.toml");

    @Test
    void isOffOnLoopbackPort9464ByDefault() {
        assertThat(ConfigLoader.defaults(FILE).metrics()).isEqualTo(new MetricsConfig(false, "127.0.0.1", 9464));
        assertThat(MetricsConfig.DEFAULTS.listen()).isEqualTo(MetricsConfig.DEFAULT_LISTEN);
    }

    @Test
    void readsEnabledAndEveryLoopbackSpelling() {
        assertThat(metrics("enabled = true\nlisten = \"127.0.0.1:9100\"\n"))
                .isEqualTo(new MetricsConfig(true, "127.0.0.1", 9100));
        assertThat(metrics("listen = \"LocalHost:9464\"\n")).isEqualTo(new MetricsConfig(false, "localhost", 9464));
        assertThat(metrics("listen = \"[::1]:9464\"\n").host()).isEqualTo("::1");
        assertThat(metrics("listen = \"[::1]:9464\"\n").listen()).isEqualTo("[::1]:9464");
        assertThat(metrics("listen = \"127.1.2.3:80\"\n").host()).isEqualTo("127.1.2.3");
    }

    @Test
    void refusesANonLoopbackHostABadPortAndUnknownKeys() {
        ConfigResult result = ConfigLoader.parse("""
                [metrics]
                enabled = true
                listen = "0.0.0.0:9464"
                port = 9464
                """, FILE);

        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        List<String> errors = ((ConfigResult.Invalid) result).errors().stream().map(ConfigError::toString).toList();
        assertThat(errors).containsExactly(
                FILE + ":3: metrics.listen: found \"0.0.0.0:9464\", expected " + MetricsConfig.LISTEN_EXPECTED,
                FILE + ":4: metrics.port: found unknown key, expected one of enabled, listen");
        assertThat(errorsOf("listen = \"127.0.0.1:70000\"\n")).hasSize(1);
        assertThat(errorsOf("listen = \"127.0.0.1\"\n")).hasSize(1);
        assertThat(errorsOf("listen = \"192.168.1.10:9464\"\n")).hasSize(1);
        assertThat(errorsOf("listen = \"127.0.0.256:9464\"\n")).hasSize(1);
    }

    private static MetricsConfig metrics(String section) {
        ConfigResult result = ConfigLoader.parse("[metrics]\n" + section, FILE);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config().metrics();
    }

    private static List<ConfigError> errorsOf(String section) {
        ConfigResult result = ConfigLoader.parse("[metrics]\n" + section, FILE);
        return result instanceof ConfigResult.Invalid invalid ? invalid.errors() : List.of();
    }
}
