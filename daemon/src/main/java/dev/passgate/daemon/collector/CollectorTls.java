package dev.passgate.daemon.collector;

import dev.passgate.daemon.upload.TlsMaterial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The collector's side of mutual TLS, from the same kind of PEM files as the kiosk's {@code [upload.tls]}: the
 * server's certificate chain (PEM {@code CERTIFICATE} blocks, leaf first), its unencrypted PKCS#8
 * {@code PRIVATE KEY} (RSA, EC or Ed25519), and the operator CA(s) whose client certificates it accepts. Each file
 * is checked before anything listens: it must exist, hold what it should, the key must belong to the leaf
 * certificate and the leaf must be valid now. Errors are one line naming the option, the file and what was found;
 * they never show key material. The context does not check which device a client certificate names: that is
 * {@link Enrolment}'s work, by the certificate's subject CN.
 */
public final class CollectorTls {
    private static final char[] INTERNAL_PASSWORD = "passgate-collector".toCharArray();

    private CollectorTls() {
    }

    /** An SSL context presenting {@code certificate}/{@code key} and trusting client certificates under {@code ca}. */
    public static SSLContext load(Path certificate, Path key, Path clientCa) throws IOException {
        List<Certificate> chain = certificates("--tls-cert", certificate);
        PrivateKey privateKey = privateKey(key);
        X509Certificate leaf = (X509Certificate) chain.get(0);
        checkValidity(certificate, leaf);
        if (!belongs(privateKey, leaf)) {
            throw new IOException("--tls-key " + key + ": the key does not belong to the certificate "
                    + leaf.getSubjectX500Principal().getName() + " in --tls-cert " + certificate);
        }
        List<Certificate> anchors = certificates("--client-ca", clientCa);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("collector", privateKey, INTERNAL_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, INTERNAL_PASSWORD);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                trusted.setCertificateEntry("client-ca-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from --tls-cert " + certificate + ", --tls-key " + key
                    + " and --client-ca " + clientCa + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(String option, Path file) throws IOException {
        byte[] bytes = readable(option, file);
        try {
            List<Certificate> found = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes)));
            if (!found.isEmpty()) {
                return found;
            }
        } catch (CertificateException e) {
            // Reported below, as for an empty file.
        }
        throw new IOException(option + " " + file + ": holds no certificate, expected PEM CERTIFICATE blocks");
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        readable("--tls-key", file);
        try {
            return TlsMaterial.privateKey(file);
        } catch (IOException | IllegalArgumentException e) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            String found = text.contains("ENCRYPTED PRIVATE KEY") ? "an encrypted key"
                    : text.contains("-----BEGIN PRIVATE KEY-----") ? "a PRIVATE KEY block that does not decode"
                    : "no PRIVATE KEY block";
            throw new IOException("--tls-key " + file + ": found " + found + ", expected an unencrypted PKCS#8"
                    + " PRIVATE KEY in PEM (RSA, EC or Ed25519)", e);
        }
    }

    private static byte[] readable(String option, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(option + " " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(option + " " + file + ": not readable (check its permissions)");
        }
        if (Files.size(file) > 1 << 20) {
            throw new IOException(option + " " + file + ": " + Files.size(file) + " bytes, expected a PEM file of"
                    + " at most 1 MiB");
        }
        return Files.readAllBytes(file);
    }

    private static void checkValidity(Path file, X509Certificate leaf) throws IOException {
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new IOException("--tls-cert " + file + ": the certificate is valid from " + leaf.getNotBefore()
                    .toInstant() + " to " + leaf.getNotAfter().toInstant() + ", not now");
        }
    }

    /** Whether {@code key} signs what the leaf's public key verifies. */
    private static boolean belongs(PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "passgate collector key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
