package dev.passgate.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Encryption at rest of the entry log's record bodies: {@code [entry_log.encryption]} in the file.
 * {@code keyFile} holds the AES-256 key; the daemon creates it (owner-only) when it is missing. This record
 * does not check that the file exists or can be created.
 */
public record EncryptionConfig(boolean enabled, Path keyFile) {

    /** Whether bodies are encrypted when the file does not say. */
    public static final boolean DEFAULT_ENABLED = false;
    /** The name of the key file inside the data folder, used when the file names none. */
    public static final String DEFAULT_KEY_NAME = "entry-log-data.key";

    /** Rejects a missing key file path. */
    public EncryptionConfig {
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
