package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [trust] section: defaults, every key read through, and each kind of error by the line a user reads. */
class TrustConfigTest {

    @TempDir
    Path dir;

    private Path file;

    @Test
    void defaultsPinNoRootAndKeepTheBundleInTheDataFolder() throws IOException {
        PassgateConfig config = loaded("[device]\ndata_dir = \"/srv/kiosk\"\n");

        assertThat(config.trust()).isEqualTo(new TrustConfig(List.of(), Path.of("/srv/kiosk/trust-bundle.pgtb"),
                Optional.empty(), Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7),
                DegradedMode.VERIFY, ExpiredMode.FAIL_CLOSED));
        assertThat(config.trust().managed()).isFalse();
    }

    @Test
    void readsEveryKeyAndAcceptsRootsAsBase64OrPem() throws Exception {
        String first = newRoot();
        String second = newRoot();
        String pem = "-----BEGIN PUBLIC KEY-----\\n" + second + "\\n-----END PUBLIC KEY-----\\n";

        PassgateConfig config = loaded("[trust]\nroots = [\"" + first + "\",\n  \"" + pem + "\"]\n"
                + "bundle_file = \"bundles/current.pgtb\"\nurl = \"https://trust.example.org/kiosk.pgtb\"\n"
                + "fetch_interval_ms = 600000\nwarn_after_ms = 3600000\ndegraded_after_ms = 7200000\n"
                + "expired_after_ms = 7200000\ndegraded_mode = \"confirm\"\nexpired_mode = \"VERIFY\"\n");

        assertThat(config.trust()).isEqualTo(new TrustConfig(List.of(first, second),
                dir.resolve("bundles/current.pgtb"), Optional.of(URI.create("https://trust.example.org/kiosk.pgtb")),
                Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(2),
                DegradedMode.CONFIRM, ExpiredMode.VERIFY));
        assertThat(config.trust().managed()).isTrue();
    }

    @Test
    void acceptsPlainHttpOnlyOnLoopbackHosts() throws IOException {
        for (String url : List.of("http://127.0.0.1:8080/b", "http://localhost/b", "http://[::1]:9/b")) {
            assertThat(loaded("[trust]\nurl = \"" + url + "\"\n").trust().url()).contains(URI.create(url));
        }
    }

    @Test
    void reportsEveryTrustErrorAtItsLine() throws Exception {
        String root = newRoot();
        List<String> errors = errorsOf("[trust]\n"
                + "roots = [\"" + root + "\", \"bm90IGEga2V5\",\n"
                + "  \"" + root + "\", 7]\n"
                + "url = \"http://trust.example.org/b\"\n"
                + "fetch_interval_ms = 5\n"
                + "warn_after_ms = 7200000\n"
                + "degraded_after_ms = 3600000\n"
                + "degraded_mode = \"ask\"\n"
                + "expired_mode = \"open\"\n"
                + "retries = 3\n");

        String expectedRoot = "an Ed25519 public key as base64 or PEM SubjectPublicKeyInfo";
        assertThat(errors).containsExactly(
                file + ":2: trust.roots[1]: found string \"bm90IGEga2V5\", expected " + expectedRoot,
                file + ":3: trust.roots[2]: found string \"" + root + "\", expected a value not already listed at "
                        + "trust.roots[0]",
                file + ":3: trust.roots[3]: found integer 7, expected " + expectedRoot,
                file + ":4: trust.url: found \"http://trust.example.org/b\", expected \"\", an https:// URL, or an "
                        + "http:// URL on a loopback host (localhost, 127.0.0.1, [::1]), without user info or fragment",
                file + ":5: trust.fetch_interval_ms: found 5, expected 10000..86400000",
                file + ":7: trust.degraded_after_ms: found 3600000, expected at least trust.warn_after_ms = 7200000",
                file + ":8: trust.degraded_mode: found \"ask\", expected one of verify, confirm",
                file + ":9: trust.expired_mode: found \"open\", expected one of fail_closed, verify",
                file + ":10: trust.retries: found unknown key, expected one of roots, bundle_file, url, "
                        + "fetch_interval_ms, warn_after_ms, degraded_after_ms, expired_after_ms, degraded_mode, "
                        + "expired_mode, max_bundle_bytes, free_space_reserve_megabytes, fetch_timeout_ms, "
                        + "fetch_min_bytes_per_second");
    }

    @Test
    void readsTheFetchLimitsAndDefaultsThem() throws IOException {
        PassgateConfig written = loaded("[trust]\nmax_bundle_bytes = 1048576\nfree_space_reserve_megabytes = 2\n"
                + "fetch_timeout_ms = 4000\nfetch_min_bytes_per_second = 0\n");
        PassgateConfig unwritten = loaded("[trust]\n");

        assertThat(written.trust().fetchLimits()).isEqualTo(new FetchLimits(1 << 20, 2L << 20,
                Duration.ofSeconds(4), 0));
        assertThat(unwritten.trust().fetchLimits()).isEqualTo(new FetchLimits(256 << 20, 64L << 20,
                Duration.ofMinutes(5), 1024));
    }

    @Test
    void reportsFetchLimitsOutOfRangeAtTheirLines() throws IOException {
        List<String> errors = errorsOf("[trust]\nmax_bundle_bytes = 2000000000\nfree_space_reserve_megabytes = -1\n"
                + "fetch_timeout_ms = 10\nfetch_min_bytes_per_second = \"fast\"\n");

        assertThat(errors).containsExactly(
                file + ":2: trust.max_bundle_bytes: found 2000000000, expected 65536..1207959552",
                file + ":3: trust.free_space_reserve_megabytes: found -1, expected 0..1048576",
                file + ":4: trust.fetch_timeout_ms: found 10, expected 1000..3600000",
                file + ":5: trust.fetch_min_bytes_per_second: found string \"fast\", expected integer 0..100000000");
    }

    @Test
    void blamesTheWrittenAgeWhenItFallsBelowADefault() throws IOException {
        List<String> errors = errorsOf("[trust]\nexpired_after_ms = 86400000\n");

        assertThat(errors).containsExactly(file + ":2: trust.expired_after_ms: found 86400000, expected at least "
                + "trust.degraded_after_ms = 259200000");
    }

    @Test
    void refusesUrlsWithUserInfoOrAnotherScheme() throws IOException {
        assertThat(errorsOf("[trust]\nurl = \"https://user:secret@trust.example.org/b\"\n")).hasSize(1);
        assertThat(errorsOf("[trust]\nurl = \"ftp://trust.example.org/b\"\n")).hasSize(1);
        assertThat(errorsOf("[trust]\nurl = \"not a url\"\n")).hasSize(1);
    }

    @Test
    void recordRejectsAgesOutOfOrder() {
        assertThatThrownBy(() -> new TrustConfig(List.of(), dir, Optional.empty(), Duration.ofHours(1),
                Duration.ofDays(2), Duration.ofDays(1), Duration.ofDays(3), DegradedMode.VERIFY,
                ExpiredMode.FAIL_CLOSED)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String newRoot() throws NoSuchAlgorithmException {
        byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(spki);
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
