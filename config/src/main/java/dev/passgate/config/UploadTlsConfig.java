package dev.passgate.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS material for the upload: {@code [upload.tls]}. {@code caFile} replaces the system trust anchors with the PEM
 * certificates it holds. A client certificate for mutual TLS comes either as PEM ({@code clientCertFile} with the
 * chain and {@code clientKeyFile} with the PKCS#8 private key) or as one PKCS#12 file
 * ({@code clientKeystoreFile}, its password in {@code clientKeystorePasswordFile}); the loader refuses a half pair or
 * both forms at once. This record does not read the files.
 */
public record UploadTlsConfig(Optional<Path> caFile, Optional<Path> clientCertFile, Optional<Path> clientKeyFile,
                              Optional<Path> clientKeystoreFile, Optional<Path> clientKeystorePasswordFile) {

    /** No TLS settings: system trust anchors, no client certificate. */
    public static final UploadTlsConfig DEFAULTS = new UploadTlsConfig(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** Rejects a missing value, half a PEM pair, or PEM and PKCS#12 client material together. */
    public UploadTlsConfig {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(clientCertFile, "clientCertFile");
        Objects.requireNonNull(clientKeyFile, "clientKeyFile");
        Objects.requireNonNull(clientKeystoreFile, "clientKeystoreFile");
        Objects.requireNonNull(clientKeystorePasswordFile, "clientKeystorePasswordFile");
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw new IllegalArgumentException("clientCertFile and clientKeyFile: found only one, expected both or"
                    + " neither");
        }
        if (clientCertFile.isPresent() && clientKeystoreFile.isPresent()) {
            throw new IllegalArgumentException("clientKeystoreFile: found it with clientCertFile, expected one form");
        }
    }

    /** Tells whether a client certificate is configured, so the connection uses mutual TLS. */
    public boolean mutual() {
        return clientCertFile.isPresent() || clientKeystoreFile.isPresent();
    }
}
