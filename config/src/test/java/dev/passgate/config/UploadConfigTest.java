package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [upload] section: off by default, every key read through, and the errors across keys. */
class UploadConfigTest {

    @TempDir
    Path dir;

    private Path file;

    @Test
    void uploadIsOffByDefault() throws IOException {
        PassgateConfig config = loaded("[device]\nid = \"k\"\n");

        assertThat(config.upload()).isEqualTo(UploadConfig.DEFAULTS);
        assertThat(config.upload().enabled()).isFalse();
    }

    @Test
    void readsEveryKey() throws IOException {
        PassgateConfig config = loaded("""
                [upload]
                enabled = true
                transport = "MQTT"
                url = "mqtts://broker.example:8883"
                batch_size = 100
                interval_ms = 2000
                min_backoff_ms = 250
                max_backoff_ms = 60000
                requests_per_minute = 30
                max_records_per_minute = 1500
                startup_spread_ms = 0
                timeout_ms = 5000
                proxy = "proxy.example:3128"
                mqtt_topic = "site-7/entries"
                [upload.tls]
                ca_file = "ca.pem"
                client_keystore_file = "/etc/passgate/client.p12"
                client_keystore_password_file = "p12.pass"
                """);

        assertThat(config.upload()).isEqualTo(new UploadConfig(true, UploadTransport.MQTT,
                Optional.of(URI.create("mqtts://broker.example:8883")), 100, Duration.ofSeconds(2),
                Duration.ofMillis(250), Duration.ofMinutes(1), 30, 1500, Duration.ZERO, Duration.ofSeconds(5),
                Optional.of("proxy.example:3128"), "site-7/entries",
                new UploadTlsConfig(Optional.of(dir.resolve("ca.pem")), Optional.empty(), Optional.empty(),
                        Optional.of(Path.of("/etc/passgate/client.p12")), Optional.of(dir.resolve("p12.pass")))));
        assertThat(config.upload().tls().mutual()).isTrue();
    }

    @Test
    void reportsEveryErrorAcrossKeysAtOnce() throws IOException {
        List<String> errors = errorsOf("""
                [upload]
                enabled = true
                url = "http://collector.example/v1/batches"
                min_backoff_ms = 90000
                max_backoff_ms = 60000
                proxy = "no port"
                mqtt_topic = "a/#"
                [upload.tls]
                client_cert_file = "client.pem"
                """);

        assertThat(errors).containsExactly(
                file + ":3: upload.url: found \"http://collector.example/v1/batches\", expected \"\" or an"
                        + " https:// URL, or an http:// URL on a loopback host, without user info or fragment",
                file + ":4: upload.min_backoff_ms: found 90000, expected at most upload.max_backoff_ms = 60000",
                file + ":6: upload.proxy: found \"no port\", expected \"\" or host:port",
                file + ":7: upload.mqtt_topic: found \"a/#\", expected topic levels separated by /, without wildcards,"
                        + " spaces or a leading or trailing /",
                file + ":9: upload.tls.client_cert_file: found a path without upload.tls.client_key_file, expected"
                        + " both or neither");
    }

    @Test
    void refusesAnEnabledUploadWithoutAUrl() throws IOException {
        List<String> errors = errorsOf("[upload]\nenabled = true\n");

        assertThat(errors).containsExactly(file + ":2: upload.enabled: found true, expected false while upload.url"
                + " is not set");
    }

    private PassgateConfig loaded(String toml) throws IOException {
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
