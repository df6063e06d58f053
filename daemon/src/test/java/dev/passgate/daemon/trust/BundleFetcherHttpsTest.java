package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.hal.ManualDelays;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
        KeyPair tlsKeys = LoopbackTls.keys();
        X509Certificate tlsCertificate = LoopbackTls.selfSigned(tlsKeys);
        Hc1Issuer issuer = Hc1Issuer.create("https test", NOW.minus(Duration.ofDays(9)), NOW.plus(Duration.ofDays(90)));
        byte[] bundle = Files.readAllBytes(TestBundles.write(dir.resolve("offered.pgtb"), 4,
                NOW.minus(Duration.ofHours(1)), TestBundles.content(issuer), ROOT));
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.serverContext(tlsKeys, tlsCertificate)));
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
