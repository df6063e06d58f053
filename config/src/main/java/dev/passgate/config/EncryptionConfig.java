package dev.passgate.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Encryption at rest of the entry log's record bodies: {@code [entry_log.encryption]} in the file.
 * {@code keyFile} holds the AES-256 key; the daemon creates it (owner-only) when it is missing. With
 * {@code authorityKeyFile} (the health authority's X25519 public key, PEM) scan bodies are also sealed to the
 * authority; with it and {@code enabled = false} they are sealed to the authority only, so nobody at the venue can
 * read them. This record does not check that the files exist, can be created, or hold keys.
 */
public record EncryptionConfig(boolean enabled, Path keyFile, Optional<Path> authorityKeyFile) {

    /** Encryption with the data key only, no authority. */
    public EncryptionConfig(boolean enabled, Path keyFile) {
        this(enabled, keyFile, Optional.empty());
    }

    /** Whether bodies are encrypted when the file does not say. */
    public static final boolean DEFAULT_ENABLED = false;
    /** The name of the key file inside the data folder, used when the file names none. */
    public static final String DEFAULT_KEY_NAME = "entry-log-data.key";

    /** Rejects a missing key file path. */
    public EncryptionConfig {
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(authorityKeyFile, "authorityKeyFile");
    }
}
