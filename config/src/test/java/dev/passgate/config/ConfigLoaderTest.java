package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading valid files: defaults, the example file, every value read through, and path resolution. */
class ConfigLoaderTest {

    /** The example shipped at the module root; tests run with the module folder as working directory. */
    private static final Path EXAMPLE = Path.of("passgate.toml");

    @TempDir
    Path dir;

    @Test
    void loadsTheExampleFileAsExactlyTheDefaults() {
        // given the shipped example, which writes out every key at its default

        // when
        ConfigResult result = ConfigLoader.load(EXAMPLE);

        // then
        assertThat(result).isEqualTo(new ConfigResult.Loaded(ConfigLoader.defaults(EXAMPLE)));
    }

    @Test
    void loadsTheExampleWithOneChangeAsTheDefaultsWithThatChange() throws IOException {
        // given the example with the serial scanner switched on
        String example = Files.readString(EXAMPLE);
        String changed = example.replace("[scan.serial]\n# Read scanned codes from a serial scanner.\nenabled = false",
                "[scan.serial]\nenabled = true");
        assertThat(changed).isNotEqualTo(example);
        Path file = Files.writeString(dir.resolve("passgate.toml"), changed);

        // when
        PassgateConfig config = loaded(ConfigLoader.load(file));

        // then only that value differs from the defaults
        PassgateConfig defaults = ConfigLoader.defaults(file);
        SerialConfig serial = defaults.scan().serial();
        assertThat(config.scan().serial()).isEqualTo(new SerialConfig(true, serial.port(), serial.baud(),
                serial.framing(), serial.idleTimeout(), serial.reopenInterval()));
        assertThat(config).usingRecursiveComparison().ignoringFields("scan.serial").isEqualTo(defaults);
    }

    @Test
    void loadsAnEmptyFileAsTheDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.toml"), "");

        ConfigResult result = ConfigLoader.load(file);

        assertThat(result).isEqualTo(new ConfigResult.Loaded(ConfigLoader.defaults(file)));
    }

    @Test
    void defaultsNameTheSourceAndHaveEveryDocumentedValue() {
        PassgateConfig config = ConfigLoader.defaults(Path.of("/etc/passgate/passgate.toml"));

        assertThat(config.source()).isEqualTo(Path.of("/etc/passgate/passgate.toml"));
        assertThat(config.device()).isEqualTo(new DeviceConfig("kiosk-01", Path.of("/var/lib/passgate"),
                Path.of("/var/lib/passgate/site-secret")));
        assertThat(config.log().level()).isEqualTo("info");
        assertThat(config.scan()).isEqualTo(new ScanConfig(8192, new StdinConfig(false), new SerialConfig(false,
                "/dev/ttyACM0", 9600, Framing.CR, Duration.ofMillis(80), Duration.ofMillis(1000))));
        assertThat(config.verify()).isEqualTo(new VerifyConfig("kr-2022", List.of()));
        FeedbackConfig feedback = config.feedback();
        assertThat(feedback.console()).isFalse();
        assertThat(feedback.hold()).isEqualTo(Duration.ofMillis(3000));
        assertThat(feedback.gpio()).isEqualTo(new GpioConfig(false, new LightPins(17, 27, false),
                new PinConfig(22, false), new RelayConfig(23, true, Duration.ofMillis(5000))));
        assertThat(config.entryLog()).isEqualTo(new EntryLogConfig(Duration.ofDays(28), 1_000_000, 256, 100,
                Duration.ofMinutes(10), Path.of("/var/lib/passgate/entry-log-signing.pem"),
                new EncryptionConfig(false, Path.of("/var/lib/passgate/entry-log-data.key")),
                new EntryFieldsConfig(FieldLevel.PSEUDONYMOUS, FieldLevel.FULL, FieldLevel.NONE)));
    }

    @Test
    void defaultVerdictTableCoversEveryCodeInCodeOrder() {
        FeedbackConfig feedback = ConfigLoader.defaults(Path.of("p.toml")).feedback();

        assertThat(feedback.verdicts().keySet()).containsExactlyElementsOf(Verdicts.CODES);
        // then the colours, tones and relay times are the ones from before clips existed, and each has its clip
        assertThat(feedback.verdicts()).containsEntry("VALID", rule(Light.GREEN, Tone.SHORT, 3000).withClip(Clip.VALID))
                .containsEntry("EXPIRED", rule(Light.RED, Tone.DOUBLE, 0).withClip(Clip.EXPIRED))
                .containsEntry("NOT_YET_VALID", rule(Light.AMBER, Tone.DOUBLE, 0).withClip(Clip.NOT_YET_VALID))
                .containsEntry("POLICY_REJECTED", rule(Light.AMBER, Tone.LONG, 0).withClip(Clip.INVALID))
                .containsEntry("STALE", rule(Light.RED, Tone.LONG, 0).withClip(Clip.STALE))
                .containsEntry("REPLAYED", rule(Light.RED, Tone.LONG, 0).withClip(Clip.STALE))
                .containsEntry("CLOCK_UNTRUSTED", rule(Light.AMBER, Tone.LONG, 0).withClip(Clip.SEE_STAFF))
                .containsEntry("MALFORMED", rule(Light.RED, Tone.LONG, 0).withClip(Clip.INVALID))
                .containsEntry("REVOKED", rule(Light.RED, Tone.LONG, 0).withClip(Clip.INVALID));
    }

    @Test
    void readsEveryKeyWhenAllDifferFromTheDefaults() throws IOException {
        // given a file that changes every value
        Path file = write("""
                [device]
                id = "gate-2.north_B"
                data_dir = "/srv/gate"
                site_secret_file = "/run/secrets/site"
                [log]
                level = "DEBUG"
                [scan]
                max_length = 64
                stdin.enabled = true
                [scan.serial]
                enabled = true
                port = "/dev/ttyUSB1"
                baud = 115200
                framing = "crlf"
                idle_timeout_ms = 5000
                reopen_interval_ms = 100
                [verify]
                policy = "site-rules-2"
                trust = ["/etc/passgate/a.pem", "/etc/passgate/b.pem"]
                [feedback]
                console = true
                hold_ms = 60000
                [feedback.gpio]
                enabled = true
                light = { green_pin = 5, red_pin = 6, active_low = true }
                buzzer = { pin = 0, active_low = true }
                relay = { pin = 27, active_low = false, max_on_ms = 30000 }
                [feedback.verdicts.REPLAYED]
                light = "off"
                buzzer = "none"
                relay_ms = 30000
                [entry_log]
                retention_days = 90
                max_records = 5000
                max_megabytes = 16
                checkpoint_every_records = 0
                checkpoint_every_minutes = 1440
                signing_key_file = "/run/keys/log.pem"
                encryption = { enabled = true, key_file = "/run/keys/log.aes" }
                fields = { holder = "FULL", issuer = "none", certificate_type = "full" }
                """);

        // when
        PassgateConfig config = loaded(ConfigLoader.load(file));

        // then
        assertThat(config).isEqualTo(new PassgateConfig(file,
                new DeviceConfig("gate-2.north_B", Path.of("/srv/gate"), Path.of("/run/secrets/site")),
                new LogConfig("debug"),
                new ScanConfig(64, new StdinConfig(true), new SerialConfig(true, "/dev/ttyUSB1", 115200,
                        Framing.CRLF, Duration.ofMillis(5000), Duration.ofMillis(100))),
                new VerifyConfig("site-rules-2",
                        List.of(Path.of("/etc/passgate/a.pem"), Path.of("/etc/passgate/b.pem"))),
                new FeedbackConfig(true, Duration.ofMillis(60000),
                        new GpioConfig(true, new LightPins(5, 6, true), new PinConfig(0, true),
                                new RelayConfig(27, false, Duration.ofMillis(30000))),
                        withRule("REPLAYED", rule(Light.OFF, Tone.NONE, 30000).withClip(Clip.STALE))),
                TrustConfig.defaultsIn(Path.of("/srv/gate")),
                new EntryLogConfig(Duration.ofDays(90), 5000, 16, 0, Duration.ofMinutes(1440),
                        Path.of("/run/keys/log.pem"), new EncryptionConfig(true, Path.of("/run/keys/log.aes")),
                        new EntryFieldsConfig(FieldLevel.FULL, FieldLevel.NONE, FieldLevel.FULL)),
                GateConfig.DEFAULTS));
    }

    @Test
    void keepsTheDefaultsOfKeysAPartialVerdictTableLeavesOut() throws IOException {
        Path file = write("[feedback.verdicts.VALID]\nlight = \"amber\"\n");

        PassgateConfig config = loaded(ConfigLoader.load(file));

        assertThat(config.feedback().verdicts().get("VALID"))
                .isEqualTo(rule(Light.AMBER, Tone.SHORT, 3000).withClip(Clip.VALID));
        assertThat(config.feedback().verdicts().keySet()).containsExactlyElementsOf(Verdicts.CODES);
    }

    @Test
    void resolvesRelativePathsAgainstTheFolderOfTheFile() throws IOException {
        // given a file in a sub-folder naming relative paths
        Path file = write("""
                [device]
                data_dir = "state"
                [verify]
                trust = ["keys/issuers.pem", "/abs/other.pem"]
                """);
        Path folder = file.getParent();

        // when
        PassgateConfig config = loaded(ConfigLoader.load(file));

        // then relative paths hang off that folder, absolute ones stay, and the secrets follow the data folder
        assertThat(config.device().dataDir()).isEqualTo(folder.resolve("state"));
        assertThat(config.device().siteSecretFile()).isEqualTo(folder.resolve("state/site-secret"));
        assertThat(config.entryLog().signingKeyFile()).isEqualTo(folder.resolve("state/entry-log-signing.pem"));
        assertThat(config.entryLog().encryption().keyFile()).isEqualTo(folder.resolve("state/entry-log-data.key"));
        assertThat(config.verify().trust())
                .containsExactly(folder.resolve("keys/issuers.pem"), Path.of("/abs/other.pem"));
    }

    @Test
    void resolvesRelativeSiteSecretFileAgainstTheFolderOfTheFileNotTheDataFolder() throws IOException {
        Path file = write("[device]\ndata_dir = \"/srv/gate\"\nsite_secret_file = \"secret\"\n");

        PassgateConfig config = loaded(ConfigLoader.load(file));

        assertThat(config.device().siteSecretFile()).isEqualTo(file.getParent().resolve("secret"));
    }

    @Test
    void parsesTextWithASourceThatHasNoFolder() {
        ConfigResult result = ConfigLoader.parse("[device]\ndata_dir = \"state\"\n", Path.of("passgate.toml"));

        assertThat(loaded(result).device().dataDir()).isEqualTo(Path.of("state"));
    }

    @Test
    void ignoresALeadingByteOrderMark() throws IOException {
        Path file = write("\uFEFF[log]\nlevel = \"warn\"\n");

        assertThat(loaded(ConfigLoader.load(file)).log().level()).isEqualTo("warn");
    }

    private Path write(String toml) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("etc"));
        return Files.writeString(folder.resolve("passgate.toml"), toml);
    }

    private static PassgateConfig loaded(ConfigResult result) {
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }

    private static FeedbackRule rule(Light light, Tone tone, long relayMs) {
        return new FeedbackRule(light, tone, Duration.ofMillis(relayMs));
    }

    private static Map<String, FeedbackRule> withRule(String code, FeedbackRule rule) {
        Map<String, FeedbackRule> rules = new LinkedHashMap<>(FeedbackConfig.DEFAULT_VERDICTS);
        rules.put(code, rule);
        return rules;
    }
}
