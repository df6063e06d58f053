package dev.passgate.daemon.upload;

import dev.passgate.config.UploadTlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of {@code [upload.tls]} read into JSSE factories: trust anchors from a PEM file (or the system's
 * when none is given), and a client key and certificate chain for mutual TLS from PEM files (an unencrypted PKCS#8
 * {@code PRIVATE KEY} block, RSA, EC or Ed25519, and one or more {@code CERTIFICATE} blocks) or a PKCS#12 file with
 * its password. Errors name the file and what was wrong, never a secret.
 */
public record TlsMaterial(Optional<KeyManagerFactory> keyManagers, Optional<TrustManagerFactory> trustManagers) {
    private static final char[] INTERNAL_PASSWORD = "passgate".toCharArray();

    /** Reads the files the configuration names. */
    public static TlsMaterial load(UploadTlsConfig tls) throws IOException {
        try {
            Optional<TrustManagerFactory> trust = Optional.empty();
            if (tls.caFile().isPresent()) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                List<Certificate> certificates = certificates(tls.caFile().get());
                for (int i = 0; i < certificates.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, certificates.get(i));
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                factory.init(anchors);
                trust = Optional.of(factory);
            }
            Optional<KeyStore> client = clientStore(tls);
            Optional<KeyManagerFactory> keys = Optional.empty();
            if (client.isPresent()) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(client.get(), password(tls));
                keys = Optional.of(factory);
            }
            return new TlsMaterial(keys, trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("upload.tls: cannot use the TLS files: " + e.getMessage(), e);
        }
    }

    /** An SSL context built from this material, with the system defaults for what is not given. */
    public SSLContext sslContext() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.map(KeyManagerFactory::getKeyManagers).orElse(null),
                    trustManagers.map(TrustManagerFactory::getTrustManagers).orElse(null), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("upload.tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static Optional<KeyStore> clientStore(UploadTlsConfig tls) throws IOException, GeneralSecurityException {
        if (tls.clientKeystoreFile().isPresent()) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(tls.clientKeystoreFile().get())) {
                store.load(in, password(tls));
            }
            return Optional.of(store);
        }
        if (tls.clientCertFile().isEmpty() || tls.clientKeyFile().isEmpty()) {
            return Optional.empty();
        }
        List<Certificate> chain = certificates(tls.clientCertFile().get());
        PrivateKey key = privateKey(tls.clientKeyFile().get());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, INTERNAL_PASSWORD, chain.toArray(new Certificate[0]));
        return Optional.of(store);
    }

    private static char[] password(UploadTlsConfig tls) throws IOException {
        if (tls.clientKeystoreFile().isEmpty()) {
            return INTERNAL_PASSWORD;
        }
        if (tls.clientKeystorePasswordFile().isEmpty()) {
            return new char[0];
        }
        return Files.readString(tls.clientKeystorePasswordFile().get(), StandardCharsets.UTF_8).strip().toCharArray();
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))));
        if (certificates.isEmpty()) {
            throw new IOException("upload.tls: " + file + " holds no certificate, expected PEM CERTIFICATE blocks");
        }
        return certificates;
    }

    /** The unencrypted PKCS#8 PEM key in {@code file} (RSA, EC or Ed25519); also read by the collector's TLS. */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new IOException("upload.tls: " + file + " holds no PRIVATE KEY block, expected an unencrypted"
                    + " PKCS#8 key in PEM");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Try the next algorithm.
            }
        }
        throw new IOException("upload.tls: " + file + " holds a key that is not RSA, EC or Ed25519");
    }
}
