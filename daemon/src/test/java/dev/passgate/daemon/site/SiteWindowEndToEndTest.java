package dev.passgate.daemon.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.hal.serial.SocatPair;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two, then three kiosks of one site as an operator runs them: {@code passgate run} in three child JVMs (kiosk-a on
 * 127.0.0.1, kiosk-b on 127.0.0.2, kiosk-c on 127.0.0.3), each with a serial reader (a socat pseudo-terminal pair),
 * one shared site secret, each other's entry-log public keys, and PG1 passes made with the command line. The link
 * between a and b runs through a {@link UdpRelay} the test can cut; a and c, and b and c, talk directly. With a and
 * b running, a presentation admitted at a is REPLAYED at b, and so is the same holder's next presentation; with c
 * started too, the next one admitted at a is REPLAYED at b and c, and the holder's next presentation at c
 * (anti-passback across the site); with the a-b link cut both still decide alone; with c killed, a still decides;
 * forged and flooding datagrams at b are dropped and counted in {@code passgate status --json} and the metrics while
 * b keeps deciding. The entry logs record where each presentation was admitted: b's and c's refusals name kiosk-a.
 */
class SiteWindowEndToEndTest {
    @TempDir
    Path dir;

    private final List<SiteKiosk> kiosks = new ArrayList<>();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aPresentationAdmittedAtOneDoorIsReplayedAtTheOthersAndALinkCutChangesNothingLocally() throws Exception {
        assumeTrue(SocatPair.available(), "socat is not installed");
        Files.write(dir.resolve("site-secret"), siteSecret);
        Files.setPosixFilePermissions(dir.resolve("site-secret"), PosixFilePermissions.fromString("rw-------"));
        assertThat(CliRun.main("issuer", "init", "--out", dir.resolve("issuer").toString()).exitCode()).isZero();
        for (String id : List.of("kiosk-a", "kiosk-b", "kiosk-c")) {
            Files.createDirectories(dir.resolve(id));
            Files.writeString(dir.resolve(id + ".pub"),
                    DeviceKey.fromFile(dir.resolve(id).resolve("entry-log-signing.pem")).publicKeyPem());
        }
        try (UdpRelay relay = UdpRelay.open("127.0.0.4", "127.0.0.5");
             SocatPair readerA = SocatPair.start(Files.createDirectories(dir.resolve("tty-a")));
             SocatPair readerB = SocatPair.start(Files.createDirectories(dir.resolve("tty-b")));
             SocatPair readerC = SocatPair.start(Files.createDirectories(dir.resolve("tty-c")))) {
            int portA = freePort("127.0.0.1");
            int portB = freePort("127.0.0.2");
            int portC = freePort("127.0.0.3");
            relay.forward("127.0.0.2", portB, "127.0.0.1", portA);
            SiteKiosk a = start("kiosk-a", readerA, "127.0.0.1:" + portA,
                    "kiosk-b", relay.addressForA(), "kiosk-c", "127.0.0.3:" + portC);
            int metricsB = freeTcpPort();
            SiteKiosk b = start("kiosk-b", readerB, "127.0.0.2:" + portB,
                    "kiosk-a", relay.addressForB(), "kiosk-c", "127.0.0.3:" + portC,
                    "[metrics]", "enabled = true", "listen = \"127.0.0.1:" + metricsB + "\"");
            try {
                a.awaitLine("kiosk started");
                b.awaitLine("kiosk started");
                String first = present(holder("ONE"));
                assertThat(a.scan(first)).as("two kiosks").isEqualTo("PG1 VALID");
                b.awaitLine("admission at kiosk-a received");
                assertThat(b.scan(first)).isEqualTo("PG1 REPLAYED");
                assertThat(b.scan(present(holder("ONE")))).as("the same holder, a new presentation")
                        .isEqualTo("PG1 REPLAYED");

                SiteKiosk c = start("kiosk-c", readerC, "127.0.0.3:" + portC,
                        "kiosk-a", "127.0.0.1:" + portA, "kiosk-b", "127.0.0.2:" + portB);
                c.awaitLine("kiosk started");
                String second = present(holder("TWO"));
                assertThat(a.scan(second)).as("three kiosks").isEqualTo("PG1 VALID");
                b.awaitLine("admission at kiosk-a received");
                c.awaitLine("admission at kiosk-a received");
                assertThat(b.scan(second)).isEqualTo("PG1 REPLAYED");
                assertThat(c.scan(second)).isEqualTo("PG1 REPLAYED");
                assertThat(c.scan(present(holder("TWO")))).as("the same holder, a new presentation")
                        .isEqualTo("PG1 REPLAYED");

                relay.cut();
                String three = holder("THREE");
                assertThat(a.scan(present(three))).isEqualTo("PG1 VALID");
                c.awaitLine("admission at kiosk-a received");
                assertThat(b.scan(present(three))).as("b never heard of it: the link is cut").isEqualTo("PG1 VALID");
                assertThat(relay.dropped()).isPositive();

                c.stop();
                assertThat(a.scan(present(holder("FOUR")))).as("c is down").isEqualTo("PG1 VALID");

                forge(relay, portB);
                CBORObject site = b.status().get("site");
                for (int tries = 0; tries < 100 && site.get("badMac").AsInt64Value() < 50; tries++) {
                    site = b.status().get("site");
                }
                CBORObject fromA = site.get("peers").get("kiosk-a");
                assertThat(fromA.get("badSignature").AsInt64Value()).isPositive();
                assertThat(fromA.get("flooded").AsInt64Value()).isPositive();
                assertThat(site.get("unknownPeer").AsInt64Value()).isEqualTo(1);
                assertThat(site.get("badMac").AsInt64Value()).isEqualTo(50);
                assertThat(metrics(metricsB)).contains("passgate_site_messages_total{peer=\"kiosk-a\","
                        + "outcome=\"badSignature\"} " + fromA.get("badSignature").AsInt64Value(),
                        "passgate_site_dropped_total{reason=\"unknownPeer\"} 1",
                        "passgate_site_dropped_total{reason=\"badMac\"} 50");
                assertThat(b.scan(present(holder("FIVE")))).as("b still decides").isEqualTo("PG1 VALID");
                System.out.println("site end-to-end: kiosk-b site status after the forgeries: " + site.ToJSONString());
            } finally {
                kiosks.forEach(SiteKiosk::stop);
            }
        }
        assertThat(records("kiosk-a")).extracting(EntryRecord::verdict).containsExactly("VALID", "VALID", "VALID",
                "VALID");
        assertThat(records("kiosk-b")).extracting(r -> r.verdict() + " " + r.sitePeer()).containsExactly(
                "REPLAYED kiosk-a", "REPLAYED kiosk-a", "REPLAYED kiosk-a", "VALID null", "VALID null");
        assertThat(records("kiosk-c")).extracting(r -> r.verdict() + " " + r.sitePeer())
                .containsExactly("REPLAYED kiosk-a", "REPLAYED kiosk-a");
    }

    /**
     * At b, from kiosk-a's address as b knows it: a kiosk of the site (it has the site secret, not kiosk-a's key)
     * sends bad signatures, a flood, and one message from an unknown kiosk; then 50 datagrams from someone without
     * the secret, dropped for their MAC (waited for by their count, as the status is read right after).
     */
    private void forge(UdpRelay relay, int portB) throws Exception {
        InetSocketAddress b = new InetSocketAddress("127.0.0.2", portB);
        DeviceKey stranger = DeviceKey.generate();
        SiteLink.Identity insider = SiteLink.Identity.forSite("kiosk-x",
                HolderPseudonyms.ofSecret(siteSecret)::replayDigest, stranger);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 200; i++) {
            byte[] forged = SiteMessage.encode(new SiteAdmission("kiosk-a", Instant.ofEpochMilli(now), "ab", null),
                    insider.siteTag(), now * 1000 + i, now, stranger, insider.macKey());
            relay.sendAsA(new DatagramPacket(forged, forged.length, b));
        }
        byte[] unknown = SiteMessage.encode(new SiteAdmission("kiosk-x", Instant.ofEpochMilli(now), "ab", null),
                insider.siteTag(), now * 1000, now, stranger, insider.macKey());
        relay.sendAsA(new DatagramPacket(unknown, unknown.length, b));
        for (int i = 0; i < 50; i++) {
            byte[] outsider = SiteMessage.encode(new SiteAdmission("kiosk-a", Instant.ofEpochMilli(now), "ab", null),
                    insider.siteTag(), now * 1000 + 500 + i, now, stranger, new byte[16]);
            relay.sendAsA(new DatagramPacket(outsider, outsider.length, b));
        }
    }

    private SiteKiosk start(String id, SocatPair reader, String listen, String peer1, String address1, String peer2,
                            String address2, String... extra) throws IOException {
        Path config = Files.writeString(dir.resolve(id + ".toml"), String.join("\n",
                "[device]", "id = \"" + id + "\"", "data_dir = \"" + id + "\"", "site_secret_file = \"site-secret\"",
                "[scan.serial]", "enabled = true", "port = \"" + reader.kiosk() + "\"", "baud = 9600",
                "framing = \"CR\"", "reopen_interval_ms = 100",
                "[verify]", "policy = \"none\"", "trust = [\"issuer/issuer.pub\"]",
                "[gate]", "passback = \"refuse\"",
                "[site]", "enabled = true", "listen = \"" + listen + "\"", "peer_rate_per_second = 20",
                "[site.peers." + peer1 + "]", "address = \"" + address1 + "\"",
                "public_key_file = \"" + peer1 + ".pub\"",
                "[site.peers." + peer2 + "]", "address = \"" + address2 + "\"",
                "public_key_file = \"" + peer2 + ".pub\"", String.join("\n", extra), ""));
        SiteKiosk kiosk = SiteKiosk.start(dir, config, reader);
        kiosks.add(kiosk);
        return kiosk;
    }

    /** A holder's wallet and a credential for them; returns the wallet folder. */
    private String holder(String name) throws IOException {
        Path wallet = dir.resolve("wallet-" + name);
        if (!Files.exists(wallet)) {
            assertThat(CliRun.main("wallet", "init", "--out", wallet.toString()).exitCode()).isZero();
            Path data = Files.writeString(wallet.resolve("health.json"), "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\""
                    + name + "\",\"gnt\":\"GIL\"},\"dob\":\"1990-05-17\",\"v\":[{\"tg\":\"840539006\",\"vp\":"
                    + "\"J07BX03\",\"mp\":\"EU/1/20/1528\",\"ma\":\"ORG-100030215\",\"dn\":2,\"sd\":2,\"dt\":"
                    + "\"2021-12-20\",\"co\":\"KR\"}]}");
            CliRun sign = CliRun.main("issuer", "sign", "--key", dir.resolve("issuer/issuer.key").toString(),
                    "--holder-key", wallet.resolve("holder.pub").toString(), "--data", data.toString(),
                    "--valid-days", "30", "--out", wallet.resolve("credential.cose").toString());
            assertThat(sign.exitCode()).as(sign.err()).isZero();
        }
        return wallet.toString();
    }

    /** A fresh presentation of the wallet's credential, as the phone shows it now. */
    private static String present(String wallet) {
        CliRun present = CliRun.main("wallet", "present", "--credential", wallet + "/credential.cose", "--key",
                wallet + "/holder.key");
        assertThat(present.exitCode()).as(present.err()).isZero();
        return present.out().strip();
    }

    private List<EntryRecord> records(String id) throws Exception {
        try (EntryLog log = EntryLog.open(dir.resolve(id).resolve("entries.db"), id)) {
            return log.readFrom(0, 50).stream().map(StoredEntry::record).toList();
        }
    }

    private final byte[] siteSecret = secret();

    private static byte[] secret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private static String metrics(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    static int freePort(String host) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, 0))) {
            return probe.getLocalPort();
        }
    }
}
