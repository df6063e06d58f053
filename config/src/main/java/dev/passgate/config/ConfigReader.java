package dev.passgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The schema of the configuration file for the sections {@code [device]}, {@code [log]}, {@code [scan]},
 * {@code [verify]} and {@code [gate]}, and the table of top-level sections; {@link FeedbackReader} holds
 * {@code [feedback]}, {@link TrustReader} {@code [trust]}, {@link EntryLogReader} {@code [entry_log]} and
 * {@link InputsReader} {@code [inputs]}.
 *
 * <p>Reads one parsed document through {@link TomlFields}, which collects the errors, and always returns a
 * complete configuration made of the acceptable values and the defaults. The result is only meaningful when
 * no error was recorded; {@link ConfigLoader} discards it otherwise.
 */
final class ConfigReader {

    static final List<String> SECTIONS = List.of("device", "log", "scan", "verify", "trust", "feedback", "entry_log",
            "gate", "upload", "metrics", "inputs", "venue", "staff", "door", "site");

    private static final String ID_EXPECTED = "a string of 1..64 characters from A-Z a-z 0-9 . _ -";
    private static final String POLICY_EXPECTED = "a non-empty string of a-z 0-9 -";
    private static final String PORT_EXPECTED = "a non-empty string";
    private static final String COMMAND_EXPECTED = "up to 64 bytes as hex digit pairs, e.g. \"16 54 0D\"";

    private final TomlFields fields;
    private final Path base;

    private ConfigReader(TomlFields fields, Path base) {
        this.fields = fields;
        this.base = base;
    }

    /** Reads the whole document; relative paths resolve against the folder holding {@code source}. */
    static PassgateConfig read(TomlFields fields, Path source) {
        Path folder = Objects.requireNonNullElse(source.getParent(), Path.of(""));
        ConfigReader reader = new ConfigReader(fields, folder);
        fields.table("", SECTIONS);
        DeviceConfig device = reader.device();
        LogConfig log = reader.log();
        ScanConfig scan = reader.scan();
        VerifyConfig verify = reader.verify();
        FeedbackConfig feedback = new FeedbackReader(fields, folder).feedback();
        TrustConfig trust = new TrustReader(fields, folder).trust(device.dataDir());
        EntryLogConfig entryLog = new EntryLogReader(fields, folder).entryLog(device.dataDir());
        GateConfig gate = reader.gate();
        UploadConfig upload = new UploadReader(fields, folder).upload();
        InputsConfig inputs = new InputsReader(fields).inputs(feedback.gpio());
        return new PassgateConfig(source, device, log, scan, verify, feedback, trust, entryLog, gate,
                new MetricsReader(fields).metrics(), upload, inputs, new VenueReader(fields).venue(),
                new StaffReader(fields).staff(), new DoorReader(fields).door(feedback.gpio().relay().maxOn()),
                new SiteReader(fields, folder).site(device.id()));
    }

    private DeviceConfig device() {
        fields.table("device", List.of("id", "data_dir", "site_secret_file"));
        String id = fields.text("device.id", DeviceConfig.ID_PATTERN, ID_EXPECTED, DeviceConfig.DEFAULT_ID);
        Path dataDir = fields.path("device.data_dir", base, DeviceConfig.DEFAULT_DATA_DIR);
        Path secret = fields.path("device.site_secret_file", base,
                dataDir.resolve(DeviceConfig.DEFAULT_SITE_SECRET_NAME));
        return new DeviceConfig(id, dataDir, secret);
    }

    private LogConfig log() {
        fields.table("log", List.of("level"));
        Map<String, String> levels = new LinkedHashMap<>();
        LogConfig.LEVELS.forEach(level -> levels.put(level, level));
        return new LogConfig(fields.choice("log.level", levels, LogConfig.DEFAULT_LEVEL));
    }

    private ScanConfig scan() {
        fields.table("scan", List.of("max_length", "stdin", "serial", "wedge", "camera"));
        int maxLength = fields.integer("scan.max_length", ScanConfig.MAX_LENGTH_RANGE, ScanConfig.DEFAULT_MAX_LENGTH);
        fields.table("scan.stdin", List.of("enabled"));
        StdinConfig stdin = new StdinConfig(fields.bool("scan.stdin.enabled", StdinConfig.DEFAULT_ENABLED));
        return new ScanConfig(maxLength, stdin, serial(), new WedgeReader(fields).wedge(), CameraReader.camera(fields));
    }

    private SerialConfig serial() {
        fields.table("scan.serial", List.of("enabled", "port", "baud", "framing", "idle_timeout_ms",
                "reopen_interval_ms", "profile", "accept_command", "refuse_command"));
        Map<String, Framing> framings = new LinkedHashMap<>();
        for (Framing framing : Framing.values()) {
            framings.put(framing.name(), framing);
        }
        return new SerialConfig(
                fields.bool("scan.serial.enabled", SerialConfig.DEFAULT_ENABLED),
                fields.text("scan.serial.port", TomlFields.NON_EMPTY, PORT_EXPECTED, SerialConfig.DEFAULT_PORT),
                fields.integerOf("scan.serial.baud", SerialConfig.BAUD_RATES, SerialConfig.DEFAULT_BAUD),
                fields.choice("scan.serial.framing", framings, SerialConfig.DEFAULT_FRAMING),
                fields.millis("scan.serial.idle_timeout_ms", SerialConfig.IDLE_TIMEOUT_MS_RANGE,
                        SerialConfig.DEFAULT_IDLE_TIMEOUT),
                fields.millis("scan.serial.reopen_interval_ms", SerialConfig.REOPEN_INTERVAL_MS_RANGE,
                        SerialConfig.DEFAULT_REOPEN_INTERVAL),
                fields.choice("scan.serial.profile", FeedbackReader.lowerCaseNames(ReaderProfile.values()),
                        SerialConfig.DEFAULT_PROFILE),
                fields.text("scan.serial.accept_command", SerialConfig.COMMAND_PATTERN, COMMAND_EXPECTED, ""),
                fields.text("scan.serial.refuse_command", SerialConfig.COMMAND_PATTERN, COMMAND_EXPECTED, ""));
    }

    private VerifyConfig verify() {
        fields.table("verify", List.of("policy", "trust"));
        String policy = fields.text("verify.policy", VerifyConfig.POLICY_PATTERN, POLICY_EXPECTED,
                VerifyConfig.DEFAULT_POLICY);
        List<Path> trust = fields.paths("verify.trust", base, VerifyConfig.DEFAULTS.trust());
        return new VerifyConfig(policy, trust);
    }

    private GateConfig gate() {
        fields.table("gate", List.of("freshness_s", "future_skew_s", "passback", "passback_minutes",
                "clock_untrusted", "clock_max_jump_ms", "clock_sync_flag", "on_full_disk"));
        GateConfig d = GateConfig.DEFAULTS;
        Map<String, GateConfig.Passback> passbacks = new LinkedHashMap<>();
        for (GateConfig.Passback mode : GateConfig.Passback.values()) {
            passbacks.put(mode.name().toLowerCase(Locale.ROOT), mode);
        }
        Map<String, GateConfig.ClockUntrusted> untrusted = new LinkedHashMap<>();
        for (GateConfig.ClockUntrusted mode : GateConfig.ClockUntrusted.values()) {
            untrusted.put(mode.name().toLowerCase(Locale.ROOT), mode);
        }
        Map<String, GateConfig.FullDisk> fullDisk = new LinkedHashMap<>();
        for (GateConfig.FullDisk mode : GateConfig.FullDisk.values()) {
            fullDisk.put(mode.name().toLowerCase(Locale.ROOT), mode);
        }
        return new GateConfig(
                Duration.ofSeconds(fields.integer("gate.freshness_s", GateConfig.FRESHNESS_S_RANGE,
                        (int) d.freshness().toSeconds())),
                Duration.ofSeconds(fields.integer("gate.future_skew_s", GateConfig.FUTURE_SKEW_S_RANGE,
                        (int) d.futureSkew().toSeconds())),
                fields.choice("gate.passback", passbacks, d.passback()),
                Duration.ofMinutes(fields.integer("gate.passback_minutes",
                        GateConfig.PASSBACK_MINUTES_RANGE, (int) d.passbackWindow().toMinutes())),
                fields.choice("gate.clock_untrusted", untrusted, d.clockUntrusted()),
                fields.millis("gate.clock_max_jump_ms", GateConfig.MAX_CLOCK_JUMP_MS_RANGE, d.maxClockJump()),
                fields.path("gate.clock_sync_flag", base, d.syncFlag()),
                fields.choice("gate.on_full_disk", fullDisk, d.onFullDisk()));
    }
}
