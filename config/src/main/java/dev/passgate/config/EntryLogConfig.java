package dev.passgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The entry log's keeping rules: {@code [entry_log]} in the file.
 *
 * <p>{@code retention} is how long a record is kept, uploaded or not. {@code maxRecords} and {@code maxMegabytes}
 * bound the log; past either bound the gate goes on deciding and the log counts what it could not write. A signed
 * checkpoint is written every {@code checkpointEveryRecords} records and whenever {@code checkpointEvery} has
 * passed since the last one; 0 switches that trigger off, and the loader refuses switching off both.
 * {@code signingKeyFile} holds the device's Ed25519 key, created owner-only when missing. This record does not
 * check that the files exist or can be created.
 */
public record EntryLogConfig(Duration retention, int maxRecords, int maxMegabytes, int checkpointEveryRecords,
                             Duration checkpointEvery, Path signingKeyFile, EncryptionConfig encryption,
                             EntryFieldsConfig fields) {

    /** The accepted retention in days. */
    public static final IntRange RETENTION_DAYS_RANGE = new IntRange(1, 3650);
    /** The retention used when the file names none: 28 days, the KI-PASS rule. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(28);
    /** The accepted bound in records. */
    public static final IntRange MAX_RECORDS_RANGE = new IntRange(100, 100_000_000);
    /** The bound in records used when the file names none. */
    public static final int DEFAULT_MAX_RECORDS = 1_000_000;
    /** The accepted bound in MiB. */
    public static final IntRange MAX_MEGABYTES_RANGE = new IntRange(1, 65_536);
    /** The bound in MiB used when the file names none. */
    public static final int DEFAULT_MAX_MEGABYTES = 256;
    /** The accepted record interval between checkpoints; 0 switches the trigger off. */
    public static final IntRange CHECKPOINT_RECORDS_RANGE = new IntRange(0, 1_000_000);
    /** The record interval used when the file names none. */
    public static final int DEFAULT_CHECKPOINT_EVERY_RECORDS = 100;
    /** The accepted time between checkpoints in minutes; 0 switches the trigger off. */
    public static final IntRange CHECKPOINT_MINUTES_RANGE = new IntRange(0, 1440);
    /** The time between checkpoints used when the file names none. */
    public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofMinutes(10);
    /** The name of the signing key inside the data folder, used when the file names none. */
    public static final String DEFAULT_SIGNING_KEY_NAME = "entry-log-signing.pem";
    /** The entry log section with every value at its default, for the default data folder. */
    public static final EntryLogConfig DEFAULTS = defaultsIn(DeviceConfig.DEFAULT_DATA_DIR);

    /** Rejects a missing value, a value out of range, or both checkpoint triggers switched off. */
    public EntryLogConfig {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(checkpointEvery, "checkpointEvery");
        Objects.requireNonNull(signingKeyFile, "signingKeyFile");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(fields, "fields");
        requireWhole("retention", retention, Duration.ofDays(1), "days", RETENTION_DAYS_RANGE);
        MAX_RECORDS_RANGE.check("maxRecords", maxRecords);
        MAX_MEGABYTES_RANGE.check("maxMegabytes", maxMegabytes);
        CHECKPOINT_RECORDS_RANGE.check("checkpointEveryRecords", checkpointEveryRecords);
        requireWhole("checkpointEvery", checkpointEvery, Duration.ofMinutes(1), "minutes", CHECKPOINT_MINUTES_RANGE);
        if (checkpointEveryRecords == 0 && checkpointEvery.isZero()) {
            throw new IllegalArgumentException("checkpointEveryRecords and checkpointEvery: found both 0, expected"
                    + " at least one trigger");
        }
    }

    /** The entry log section with every value at its default, with the key files inside {@code dataDir}. */
    public static EntryLogConfig defaultsIn(Path dataDir) {
        return new EntryLogConfig(DEFAULT_RETENTION, DEFAULT_MAX_RECORDS, DEFAULT_MAX_MEGABYTES,
                DEFAULT_CHECKPOINT_EVERY_RECORDS, DEFAULT_CHECKPOINT_EVERY, dataDir.resolve(DEFAULT_SIGNING_KEY_NAME),
                new EncryptionConfig(EncryptionConfig.DEFAULT_ENABLED,
                        dataDir.resolve(EncryptionConfig.DEFAULT_KEY_NAME)),
                EntryFieldsConfig.DEFAULTS);
    }

    private static void requireWhole(String field, Duration value, Duration unit, String unitName, IntRange range) {
        boolean whole = !value.isNegative() && value.getNano() == 0 && value.getSeconds() % unit.getSeconds() == 0;
        if (!whole || !range.contains(value.getSeconds() / unit.getSeconds())) {
            throw new IllegalArgumentException(field + ": found " + value + ", expected whole " + unitName + " in "
                    + range);
        }
    }
}
