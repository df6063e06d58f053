package dev.passgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schema of {@code [entry_log]}: retention, capacity, checkpoints, the signing key, encryption and the field
 * levels, plus the one check across keys: the two checkpoint triggers may not both be 0. Key files default to
 * names inside the data folder, so {@code [device]} is read first.
 */
final class EntryLogReader {

    private static final String SECTION = "entry_log";
    private static final String EVERY_RECORDS = SECTION + ".checkpoint_every_records";
    private static final String EVERY_MINUTES = SECTION + ".checkpoint_every_minutes";

    private final TomlFields fields;
    private final Path base;

    EntryLogReader(TomlFields fields, Path base) {
        this.fields = fields;
        this.base = base;
    }

    /** Reads {@code [entry_log]}; key files default to names inside {@code dataDir}. */
    EntryLogConfig entryLog(Path dataDir) {
        EntryLogConfig defaults = EntryLogConfig.defaultsIn(dataDir);
        fields.table(SECTION, List.of("retention_days", "max_records", "max_megabytes", "checkpoint_every_records",
                "checkpoint_every_minutes", "signing_key_file", "encryption", "fields"));
        int retentionDays = fields.integer(SECTION + ".retention_days", EntryLogConfig.RETENTION_DAYS_RANGE,
                (int) defaults.retention().toDays());
        int maxRecords = fields.integer(SECTION + ".max_records", EntryLogConfig.MAX_RECORDS_RANGE,
                defaults.maxRecords());
        int maxMegabytes = fields.integer(SECTION + ".max_megabytes", EntryLogConfig.MAX_MEGABYTES_RANGE,
                defaults.maxMegabytes());
        int everyRecords = fields.integer(EVERY_RECORDS, EntryLogConfig.CHECKPOINT_RECORDS_RANGE,
                defaults.checkpointEveryRecords());
        int everyMinutes = fields.integer(EVERY_MINUTES, EntryLogConfig.CHECKPOINT_MINUTES_RANGE,
                (int) defaults.checkpointEvery().toMinutes());
        if (everyRecords == 0 && everyMinutes == 0 && !fields.failed(EVERY_RECORDS) && !fields.failed(EVERY_MINUTES)) {
            String blamed = fields.written(EVERY_MINUTES) ? EVERY_MINUTES : EVERY_RECORDS;
            String other = blamed.equals(EVERY_MINUTES) ? EVERY_RECORDS : EVERY_MINUTES;
            fields.fail(blamed, "0", "at least 1 when " + other + " is 0");
            everyRecords = defaults.checkpointEveryRecords();
        }
        Path signingKey = fields.path(SECTION + ".signing_key_file", base, defaults.signingKeyFile());
        return new EntryLogConfig(Duration.ofDays(retentionDays), maxRecords, maxMegabytes, everyRecords,
                Duration.ofMinutes(everyMinutes), signingKey, encryption(defaults.encryption()),
                entryFields());
    }

    private EncryptionConfig encryption(EncryptionConfig defaults) {
        String key = SECTION + ".encryption";
        fields.table(key, List.of("enabled", "key_file", "authority_key_file"));
        return new EncryptionConfig(fields.bool(key + ".enabled", defaults.enabled()),
                fields.path(key + ".key_file", base, defaults.keyFile()),
                authorityKeyFile(key + ".authority_key_file"));
    }

    /** An optional path where {@code ""} (the example's value) means unset, as for the upload's TLS files. */
    private Optional<Path> authorityKeyFile(String key) {
        String text = fields.text(key, Pattern.compile("(?s).*"), "\"\" or a path string", "");
        return text.isEmpty() ? Optional.empty() : Optional.of(base.resolve(text));
    }

    private EntryFieldsConfig entryFields() {
        String key = SECTION + ".fields";
        fields.table(key, List.of("holder", "issuer", "certificate_type"));
        EntryFieldsConfig defaults = EntryFieldsConfig.DEFAULTS;
        return new EntryFieldsConfig(
                fields.choice(key + ".holder", levels(List.of(FieldLevel.values())), defaults.holder()),
                fields.choice(key + ".issuer", levels(EntryFieldsConfig.PUBLIC_FIELD_LEVELS), defaults.issuer()),
                fields.choice(key + ".certificate_type", levels(EntryFieldsConfig.PUBLIC_FIELD_LEVELS),
                        defaults.certificateType()));
    }

    private static Map<String, FieldLevel> levels(List<FieldLevel> accepted) {
        Map<String, FieldLevel> names = new LinkedHashMap<>();
        for (FieldLevel level : accepted) {
            names.put(level.name().toLowerCase(Locale.ROOT), level);
        }
        return names;
    }
}
