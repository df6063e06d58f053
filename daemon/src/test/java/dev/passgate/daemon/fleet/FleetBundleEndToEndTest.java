package dev.passgate.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.cli.ChildDaemon;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.Inflation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.testing.UciPasses;
import dev.passgate.daemon.revocation.DccRevocationKeys;
import dev.passgate.daemon.trust.LoopbackTls;
import dev.passgate.daemon.trust.TestBundles;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.serial.SocatPair;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.codec.binary.Base45;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet run as an operator makes it, end to end: {@code bundle keygen}, {@code bundle make} with a DCC signer, a
 * PG1 issuer key, an EU revocation batch of each hash type and a venue rule set; the bundle served by a real HTTPS
 * server on loopback; a kiosk ({@code passgate run} in a child JVM, {@code trust.url} pointing at the server) that
 * fetches it and decides passes scanned through a serial reader (a socat pseudo-terminal pair). A newer bundle
 * revokes another pass and changes the venue rule, and the next scans follow it without a restart; an older bundle
 * (rollback), served or installed by hand, is refused and the installed one kept. The verdicts are read from the
 * daemon's decision log lines and, after it stopped, from its entry log.
 *
 * <p>It takes about 30 to 45 seconds, most of it the fetch interval (10 s, the shortest the configuration allows).
 */
class FleetBundleEndToEndTest {
    private static final int WAIT_MS = 90_000;
    private static final String VACCINE_A = "EU/1/20/1528";
    private static final String VACCINE_B = "EU/1/21/1618";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKioskFetchesSignedBundlesAndEverySectionTakesEffectWithoutARestart() throws Exception {
        assumeTrue(SocatPair.available(), "socat is not installed");
        Instant now = Instant.now();
        Hc1Issuer issuer = Hc1Issuer.create("fleet issuer", now.minus(Duration.ofDays(90)),
                now.plus(Duration.ofDays(900)));
        String kid = Base64.getEncoder().encodeToString(TrustStore.dccKeyId(issuer.certificate()));
        String revokedLater = pass(issuer, now, "URN:UVCI:01:KR:FLEET-LATER#1", VACCINE_A);
        String byUci = pass(issuer, now, "URN:UVCI:01:KR:FLEET-UCI#2", VACCINE_A);
        String byCountryUci = pass(issuer, now, "URN:UVCI:01:KR:FLEET-CCUCI#3", VACCINE_A);
        String bySignature = pass(issuer, now, "URN:UVCI:01:KR:FLEET-SIG#4", VACCINE_A);
        String otherVaccine = pass(issuer, now, "URN:UVCI:01:KR:FLEET-OTHER#5", VACCINE_B);
        operatorInputs(issuer, kid, byUci, byCountryUci, bySignature, revokedLater);
        String root = keygen();
        byte[] v1 = make(1, now, "revocation-1.jsonl", "rules-1.json", "valuesets-1.json");
        byte[] v2 = make(2, now, "revocation-2.jsonl", "rules-2.json", "valuesets-2.json");
        AtomicReference<byte[]> served = new AtomicReference<>(v1);
        KeyPair tlsKeys = LoopbackTls.keys();
        X509Certificate tlsCertificate = LoopbackTls.selfSigned(tlsKeys);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.serverContext(tlsKeys, tlsCertificate)));
        server.createContext("/kiosk.pgtb", exchange -> {
            byte[] body = served.get();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path trustStore = trustStore(tlsCertificate);
        long decisions;
        try (SocatPair reader = SocatPair.start(dir)) {
            Path config = config(reader.kiosk(), root, server.getAddress().getPort());
            ChildDaemon daemon = ChildDaemon.start(dir, config, Duration.ofMillis(WAIT_MS), List.of(
                    "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit",
                    "-Djavax.net.ssl.trustStoreType=PKCS12"), "");
            try {
                daemon.awaitLine("revocation store now holds the 4 entries of bundle version 1");

                assertThat(daemon.scan(reader, revokedLater)).isEqualTo("HC1 VALID");
                assertThat(daemon.scan(reader, byUci)).isEqualTo("HC1 REVOKED");
                assertThat(daemon.scan(reader, byCountryUci)).isEqualTo("HC1 REVOKED");
                assertThat(daemon.scan(reader, bySignature)).isEqualTo("HC1 REVOKED");
                assertThat(daemon.scan(reader, presentation())).isEqualTo("PG1 VALID");
                assertThat(daemon.scan(reader, otherVaccine)).isEqualTo("HC1 POLICY_REJECTED");

                served.set(v2);
                daemon.awaitLine("revocation store now holds the 5 entries of bundle version 2");

                assertThat(daemon.scan(reader, revokedLater)).isEqualTo("HC1 REVOKED");
                assertThat(daemon.scan(reader, otherVaccine)).isEqualTo("HC1 VALID");
                assertThat(daemon.scan(reader, byUci)).isEqualTo("HC1 REVOKED");

                served.set(v1);
                String refused = daemon.awaitLine("refused the trust bundle fetched from");
                CliRun byHand = CliRun.main("bundle", "install", dir.resolve("v1.pgtb").toString(), "--config",
                        config.toString());

                assertThat(refused).contains("found version 1").contains("keeping version 2");
                assertThat(byHand.exitCode()).isEqualTo(1);
                assertThat(byHand.out() + byHand.err()).contains("found version 1");
                assertThat(daemon.scan(reader, otherVaccine)).isEqualTo("HC1 VALID");
                assertThat(daemon.scan(reader, revokedLater)).isEqualTo("HC1 REVOKED");
            } finally {
                assertThat(daemon.stop()).isTrue();
                decisions = daemon.decisions();
                server.stop(0);
            }
        }
        try (EntryLog log = EntryLog.open(dir.resolve("data/entries.db"), "kiosk-fleet")) {
            assertThat(log.readFrom(0, 20)).extracting(e -> e.record().verdict()).containsExactly("VALID", "REVOKED",
                    "REVOKED", "REVOKED", "VALID", "POLICY_REJECTED", "REVOKED", "VALID", "REVOKED", "VALID",
                    "REVOKED");
        }
        System.out.println("fleet end-to-end: " + decisions
                + " scans decided");
    }

    /** The operator's downloads: the gateway trust list, revocation batches, rule sets and value sets. */
    private void operatorInputs(Hc1Issuer issuer, String kid, String byUci, String byCountryUci, String bySignature,
                                String revokedLater) throws Exception {
        Files.writeString(dir.resolve("trustlist.json"), "[{\"kid\":\"" + kid + "\",\"country\":\"KR\","
                + "\"certificateType\":\"DSC\",\"rawData\":\"" + Base64.getEncoder().encodeToString(
                        issuer.certificate().getEncoded()) + "\"}]");
        String batches = batch(kid, "UCI", DccRevocationKeys.uciHash(uci(byUci)))
                + batch(kid, "COUNTRYCODEUCI", DccRevocationKeys.countryCodeUciHash("KR", uci(byCountryUci)))
                + batch(kid, "SIGNATURE", DccRevocationKeys.signatureHash(cose(bySignature).signature(), -7),
                        DccRevocationKeys.signatureHash(new byte[64], -7));
        Files.writeString(dir.resolve("revocation-1.jsonl"), batches);
        Files.writeString(dir.resolve("revocation-2.jsonl"), batches
                + batch(kid, "UCI", DccRevocationKeys.uciHash(uci(revokedLater))));
        Files.writeString(dir.resolve("rules-1.json"), TestBundles.venuePolicy("venue", "venue-vaccines"));
        Files.writeString(dir.resolve("rules-2.json"), TestBundles.venuePolicy("venue", "venue-vaccines-2024")
                .replace("VENUE-0001", "VENUE-0002"));
        Files.writeString(dir.resolve("valuesets-1.json"), "{\"venue-vaccines\":[\"" + VACCINE_A + "\"]}");
        Files.writeString(dir.resolve("valuesets-2.json"), "{\"venue-vaccines-2024\":{\"valueSetId\":"
                + "\"venue-vaccines-2024\",\"valueSetValues\":{\"" + VACCINE_B + "\":{\"active\":true}}}}");
        CliRun issuerInit = CliRun.main("issuer", "init", "--out", dir.resolve("issuer").toString());
        assertThat(issuerInit.exitCode()).as(issuerInit.err()).isZero();
        CliRun.main("wallet", "init", "--out", dir.resolve("wallet").toString());
        Files.writeString(dir.resolve("health.json"), "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\"HONG\",\"gnt\":\"GIL\"},"
                + "\"dob\":\"1990-05-17\",\"v\":[{\"tg\":\"840539006\",\"vp\":\"J07BX03\",\"mp\":\"" + VACCINE_A
                + "\",\"ma\":\"ORG-100030215\",\"dn\":2,\"sd\":2,\"dt\":\"2021-12-20\",\"co\":\"KR\"}]}");
        CliRun sign = CliRun.main("issuer", "sign", "--key", dir.resolve("issuer/issuer.key").toString(),
                "--holder-key", dir.resolve("wallet/holder.pub").toString(), "--data",
                dir.resolve("health.json").toString(), "--valid-days", "30", "--out",
                dir.resolve("credential.cose").toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
    }

    private String keygen() {
        CliRun keygen = CliRun.main("bundle", "keygen", "--out", dir.resolve("keys").toString());
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        return keygen.lines().get(3).replaceAll(".*\\[\"(.*)\"\\]", "$1");
    }

    private byte[] make(long version, Instant now, String revocation, String rules, String valueSets)
            throws IOException {
        Path out = dir.resolve("v" + version + ".pgtb");
        CliRun make = CliRun.main("bundle", "make", "--root-key", dir.resolve("keys/root.key").toString(),
                "--version", String.valueOf(version), "--issued-at", now.minusSeconds(120 - version).toString(),
                "--valid-for", "7d", "--dsc", dir.resolve("trustlist.json").toString(),
                "--pg1-key", dir.resolve("issuer/issuer.pub").toString(),
                "--revocation", dir.resolve(revocation).toString(), "--rules", "venue=" + dir.resolve(rules),
                "--valuesets", dir.resolve(valueSets).toString(), "--out", out.toString());
        assertThat(make.exitCode()).as(make.err()).isZero();
        assertThat(make.out()).contains("1 DCC signer(s)", "1 PG1 key(s)", "1 rule set(s)");
        return Files.readAllBytes(out);
    }

    private String presentation() {
        CliRun present = CliRun.main("wallet", "present", "--credential", dir.resolve("credential.cose").toString(),
                "--key", dir.resolve("wallet/holder.key").toString());
        assertThat(present.exitCode()).as(present.err()).isZero();
        return present.out().strip();
    }

    private Path config(Path port, String root, int serverPort) throws IOException {
        return Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[device]", "id = \"kiosk-fleet\"", "data_dir = \"data\"",
                "[scan.serial]", "enabled = true", "port = \"" + port + "\"", "baud = 9600", "framing = \"CR\"",
                "reopen_interval_ms = 100",
                "[verify]", "policy = \"venue\"",
                "[trust]", "roots = [\"" + root + "\"]", "url = \"https://127.0.0.1:" + serverPort + "/kiosk.pgtb\"",
                "fetch_interval_ms = 10000", ""));
    }

    private static String uci(String hc1) {
        CBORObject claims = CBORObject.DecodeFromBytes(cose(hc1).payload());
        return claims.get(-260).get(1).get("v").get(0).get("ci").AsString();
    }

    private static CoseSign1 cose(String hc1) {
        byte[] compressed = new Base45().decode(hc1.substring(4).getBytes(StandardCharsets.US_ASCII));
        return CoseSign1.parse(Inflation.zlib(compressed, 1 << 16).bytes(), Limits.DEFAULT).message();
    }

    private static String batch(String kid, String hashType, byte[]... hashes) {
        StringBuilder entries = new StringBuilder();
        for (byte[] hash : hashes) {
            entries.append(entries.length() == 0 ? "" : ",").append("{\"hash\":\"")
                    .append(Base64.getEncoder().encodeToString(hash)).append("\"}");
        }
        return "{\"country\":\"KR\",\"kid\":\"" + kid + "\",\"hashType\":\"" + hashType + "\",\"entries\":["
                + entries + "]}\n";
    }

    private Path trustStore(X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("bundle-server", certificate);
        Path file = dir.resolve("bundle-server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        return file;
    }

    private static String pass(Hc1Issuer issuer, Instant now, String uci, String vaccine) {
        return UciPasses.mint(issuer, "fleet issuer", uci, vaccine, now);
    }
}
