package dev.passgate.daemon.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority minted for one test with BouncyCastle (EC P-256, SHA-256 with ECDSA): it issues a server
 * certificate for {@code 127.0.0.1} and {@code localhost} and client certificates, and writes them as the files an
 * operator puts in {@code [upload.tls]}: PEM certificates, an unencrypted PKCS#8 {@code PRIVATE KEY} PEM, or a
 * PKCS#12 file with its password in a text file. Certificates are valid from a day before to a day after now.
 */
final class TestPki {
    private static final Duration SLACK = Duration.ofDays(1);

    private final Path dir;
    private final Issued authority;
    private final AtomicLong serial = new AtomicLong(1);

    /** A key pair and its chain, leaf first; {@code name} names its files. */
    record Issued(String name, KeyPair keys, X509Certificate[] chain) {
    }

    private TestPki(Path dir, Issued authority) {
        this.dir = dir;
        this.authority = authority;
    }

    /** A self-signed CA named {@code CN=<name>}, whose files go to {@code dir} under {@code name}. */
    static TestPki mint(Path dir, String name) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyPair keys = generateKeys();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder builder = builder(subject, BigInteger.ONE, subject, keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestPki(dir, new Issued(name, keys, new X509Certificate[] {sign(builder, keys)}));
    }

    /** A server certificate with the subject alternative names IP 127.0.0.1 and DNS localhost. */
    Issued issueServer(String name) throws IOException, GeneralSecurityException {
        return issue(name, KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    }

    /** A client certificate for TLS client authentication, named {@code CN=<name>}. */
    Issued issueClient(String name) throws IOException, GeneralSecurityException {
        return issue(name, KeyPurposeId.id_kp_clientAuth, null);
    }

    private Issued issue(String name, KeyPurposeId purpose, GeneralNames alternativeNames)
            throws IOException, GeneralSecurityException {
        KeyPair keys = generateKeys();
        X509Certificate ca = authority.chain()[0];
        JcaX509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(serial.incrementAndGet()), new X500Name("CN=" + name), keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (alternativeNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
        }
        return new Issued(name, keys, new X509Certificate[] {sign(builder, authority.keys()), ca});
    }

    /** The CA certificate as PEM: what {@code ca_file} names. */
    Path caPem() throws IOException {
        return certificatePem(authority);
    }

    /** The chain of {@code issued} as PEM CERTIFICATE blocks, leaf first: what {@code client_cert_file} names. */
    Path certificatePem(Issued issued) throws IOException {
        Path file = dir.resolve(issued.name() + ".crt");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : issued.chain()) {
                pem.writeObject(certificate);
            }
        }
        return file;
    }

    /** The private key of {@code issued} as an unencrypted PKCS#8 PEM: what {@code client_key_file} names. */
    Path keyPem(Issued issued) throws IOException {
        Path file = dir.resolve(issued.name() + ".key");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(issued.keys().getPrivate(), null));
        }
        return file;
    }

    /** The key and chain of {@code issued} in a PKCS#12 file under {@code password}: {@code client_keystore_file}. */
    Path pkcs12(Issued issued, String password) throws IOException, GeneralSecurityException {
        Path file = dir.resolve(issued.name() + ".p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(issued.name(), issued.keys().getPrivate(), password.toCharArray(), issued.chain());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    /** A password file as an operator writes it, with a final newline: {@code client_keystore_password_file}. */
    Path passwordFile(String name, String password) throws IOException {
        return Files.writeString(dir.resolve(name), password + "\n", StandardCharsets.UTF_8);
    }

    /** A server context that presents {@code server} and trusts client certificates issued by this CA only. */
    SSLContext serverContext(Issued server) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "server".toCharArray();
        keys.setKeyEntry("server", server.keys().getPrivate(), password, server.chain());
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", authority.chain()[0]);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyPair generateKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, BigInteger serial, X500Name subject,
                                                       KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(SLACK)), Date.from(now.plus(SLACK)),
                subject, keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
