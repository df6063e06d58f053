package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.hal.ManualDelays;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher over HTTPS on loopback, with a server certificate minted for the test. */
class BundleFetcherHttpsTest {
    private static final Instant NOW = Instant.parse("2024-05-02T00:00:00Z");
    private static final KeyPair ROOT = RootKeys.generate();

    @TempDir
    Path dir;

    @Test
    void installsOverHttpsWhenTheServerIsTrustedAndFailsWhenItIsNot() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair tlsKeys = generator.generateKeyPair();
        X509Certificate tlsCertificate = selfSigned(tlsKeys);
        Hc1Issuer issuer = Hc1Issuer.create("https test", NOW.minus(Duration.ofDays(9)), NOW.plus(Duration.ofDays(90)));
        byte[] bundle = Files.readAllBytes(TestBundles.write(dir.resolve("offered.pgtb"), 4,
                NOW.minus(Duration.ofHours(1)), TestBundles.content(issuer), ROOT));
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(tlsKeys, tlsCertificate)));
        server.createContext("/kiosk.pgtb", exchange -> {
            exchange.sendResponseHeaders(200, bundle.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bundle);
            }
        });
        server.start();
        try {
            URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/kiosk.pgtb");
            BundleInstaller installer = new BundleInstaller(dir.resolve("site/trust-bundle.pgtb"),
                    TestBundles.pinned(ROOT), Clock.fixed(NOW, ZoneOffset.UTC));
            HttpClient trusting = HttpClient.newBuilder().sslContext(clientContext(tlsCertificate)).build();

            BundleFetcher.FetchResult untrusted = new BundleFetcher(url, BundleFetcher.defaultClient(), installer,
                    Duration.ofHours(1), new ManualDelays(), () -> 0.5, r -> { }).fetchOnce();
            BundleFetcher.FetchResult trusted = new BundleFetcher(url, trusting, installer, Duration.ofHours(1),
                    new ManualDelays(), () -> 0.5, r -> { }).fetchOnce();

            assertThat(untrusted).isInstanceOf(BundleFetcher.FetchResult.Failed.class);
            assertThat(((BundleFetcher.FetchResult.Done) trusted).install())
                    .isInstanceOf(InstallResult.Installed.class);
            assertThat(installer.installedVersion()).isEqualTo(4);
        } finally {
            server.stop(0);
        }
    }

    private static X509Certificate selfSigned(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static SSLContext serverContext(KeyPair keys, X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("server", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
