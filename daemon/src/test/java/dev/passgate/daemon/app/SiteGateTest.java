package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.PhoneSimulator;
import dev.passgate.daemon.site.SiteLink;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two kiosks of one site in this JVM (door-a on 127.0.0.1, door-b on 127.0.0.2), each a whole {@link Kiosk} with
 * its entry log, replay cache and site link over real UDP: what the site window does with each anti-passback mode.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SiteGateTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");

    @TempDir
    Path dir;

    private final MonotonicClock clock = MonotonicClock.startingAt(NOW, System::nanoTime);
    private final PhoneSimulator phone = PhoneSimulator.mint(NOW.minusSeconds(3600));
    private TrustStore trust = phone.trust();

    @Test
    void withPassbackRefuseTheSameHolderIsRefusedAtTheOtherDoorNamingTheFirst() throws Exception {
        try (Kiosk a = kiosk("door-a", "refuse"); Kiosk b = kiosk("door-b", "refuse")) {
            assertThat(scan(a, phone.present(clock.instant())).verdict()).isEqualTo(Verdict.VALID);
            awaitAccepted(b, 1);

            Outcome atB = scan(b, phone.present(clock.instant()));

            assertThat(atB.verdict()).isEqualTo(Verdict.REPLAYED);
            assertThat(atB.reason()).startsWith("this holder was already admitted at 09:00")
                    .endsWith("at kiosk door-a of this site");
            assertThat(atB.checks()).containsEntry("site", false);
            StoredEntry record = b.entryLog().readFrom(0, 10).get(0);
            assertThat(record.record().sitePeer()).isEqualTo("door-a");
        }
    }

    @Test
    void withPassbackOffAHolderMayEnterAtBothDoorsButAPresentationOnlyOnce() throws Exception {
        try (Kiosk a = kiosk("door-a", "off"); Kiosk b = kiosk("door-b", "off")) {
            String shown = phone.present(clock.instant());
            assertThat(scan(a, shown).verdict()).isEqualTo(Verdict.VALID);
            awaitAccepted(b, 1);

            assertThat(scan(b, phone.present(clock.instant())).verdict()).isEqualTo(Verdict.VALID);
            Outcome replayed = scan(b, shown);

            assertThat(replayed.verdict()).isEqualTo(Verdict.REPLAYED);
            assertThat(replayed.reason()).startsWith("this presentation was already admitted at");
            awaitAccepted(a, 1);
            assertThat(scan(a, shown).verdict()).isEqualTo(Verdict.REPLAYED);
            assertThat(b.entryLog().readFrom(0, 10)).extracting(e -> e.record().verdict() + " "
                    + e.record().sitePeer()).containsExactly("VALID null", "REPLAYED door-a");
            assertThat(a.entryLog().readFrom(0, 10)).extracting(e -> e.record().verdict() + " "
                    + e.record().sitePeer()).containsExactly("VALID null", "REPLAYED null");
        }
    }

    @Test
    void withPassbackAllowTheHolderIsAdmittedAgainAndLogged() throws Exception {
        try (Kiosk a = kiosk("door-a", "allow"); Kiosk b = kiosk("door-b", "allow")) {
            assertThat(scan(a, phone.present(clock.instant())).verdict()).isEqualTo(Verdict.VALID);
            awaitAccepted(b, 1);

            assertThat(scan(b, phone.present(clock.instant())).verdict()).isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void anEntryStaffConfirmedAtOneDoorIsReplayedAtTheOtherInsteadOfWaitingForStaffThere() throws Exception {
        // given two doors where a "check ID" answer waits for staff, and a child's exemption pass
        PhoneSimulator staffCard = PhoneSimulator.mint(NOW.minusSeconds(86_400));
        KeyPair issuer = Pg1Keys.generate(new SecureRandom());
        KeyPair holder = Pg1Keys.generate(new SecureRandom());
        byte[] exemption = Pg1Signer.credential(issuer, "KR-PG", holder.getPublic(), CBORObject.FromJSONString(
                "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\"CHOI\",\"gnt\":\"YUNA\"},\"dob\":\"2010-02-01\"}"),
                NOW.minusSeconds(864_000), NOW.plusSeconds(8_640_000));
        trust = TrustStore.builder().addAll(phone.trust()).addAll(staffCard.trust())
                .add(Pg1Keys.keyIdText(issuer.getPublic()), issuer.getPublic()).build();
        String staff = "[staff]\nconfirm = [\"EXEMPT_CHECK_ID\"]\ncard_keys = [\"" + staffCard.issuerKeyId() + "\"]\n";
        try (Kiosk a = kiosk("door-a", "off", staff); Kiosk b = kiosk("door-b", "off", staff)) {
            String child = Pg1Signer.present(exemption, holder.getPrivate(), clock.instant(), new byte[16]);
            String card = staffCard.present(clock.instant());

            // when staff confirm the child at door a with their card
            assertThat(scan(a, child).verdict()).isEqualTo(Verdict.POLICY_REJECTED);
            assertThat(scan(a, card).verdict()).isEqualTo(Verdict.STAFF_CONFIRMED);
            awaitAccepted(b, 2);

            // then the same presentation at door b is refused at once, never waiting for staff there
            Outcome again = scan(b, child);
            assertThat(again.verdict()).isEqualTo(Verdict.REPLAYED);
            assertThat(again.reason()).startsWith("this presentation was already admitted at");

            // and a photo of the staff card used at door a does not confirm a wait at door b
            byte[] nonce = new byte[16];
            nonce[0] = 1;
            String childAgain = Pg1Signer.present(exemption, holder.getPrivate(), clock.instant(), nonce);
            assertThat(scan(b, childAgain).verdict()).isEqualTo(Verdict.POLICY_REJECTED);
            assertThat(scan(b, card).verdict()).isEqualTo(Verdict.REPLAYED);
            assertThat(b.entryLog().readFrom(0, 10)).extracting(e -> e.record().verdict() + " "
                    + e.record().sitePeer()).containsExactly("REPLAYED door-a", "POLICY_REJECTED null",
                    "STAFF_CANCELLED null", "REPLAYED door-a");
        }
    }

    @Test
    void aPeerKeyFileThatDoesNotReadStopsTheStartNamingItsKeyAndLine() throws Exception {
        kiosk("door-a", "refuse").close();
        Files.delete(dir.resolve("door-b.pub"));

        assertThatThrownBy(() -> kiosk("door-a", "refuse")).isInstanceOf(KioskException.class)
                .hasMessageStartingWith(dir.resolve("door-a.toml") + ":13: site.peers.door-b.public_key_file: ")
                .hasMessageContaining("door-b.pub");
        CliRun check = CliRun.main("config", "check", dir.resolve("door-a.toml").toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err()).startsWith(dir.resolve("door-a.toml") + ":13: site.peers.door-b.public_key_file: ");
    }

    private int portA;
    private int portB;

    private Kiosk kiosk(String id, String passback) throws Exception {
        return kiosk(id, passback, "");
    }

    private Kiosk kiosk(String id, String passback, String more) throws Exception {
        if (portA == 0) {
            portA = freePort("127.0.0.1");
            portB = freePort("127.0.0.2");
            Files.write(dir.resolve("site-secret"), new byte[32]);
            Files.setPosixFilePermissions(dir.resolve("site-secret"), PosixFilePermissions.fromString("rw-------"));
            for (String door : new String[] {"door-a", "door-b"}) {
                Files.writeString(dir.resolve(door + ".pub"), DeviceKey.fromFile(Files.createDirectories(
                        dir.resolve(door)).resolve("entry-log-signing.pem")).publicKeyPem());
            }
        }
        boolean isA = id.equals("door-a");
        String peer = isA ? "door-b" : "door-a";
        Path file = Files.writeString(dir.resolve(id + ".toml"), "[device]\nid = \"" + id + "\"\ndata_dir = \"" + id
                + "\"\nsite_secret_file = \"site-secret\"\n[gate]\npassback = \"" + passback + "\"\n"
                + "clock_sync_flag = \"no-sync-flag\"\n[site]\nenabled = true\nlisten = \""
                + (isA ? "127.0.0.1:" + portA : "127.0.0.2:" + portB) + "\"\n[site.peers." + peer + "]\n"
                + "address = \"" + (isA ? "127.0.0.2:" + portB : "127.0.0.1:" + portA) + "\"\n"
                + "public_key_file = \"" + peer + ".pub\"\n" + more);
        ConfigResult loaded = ConfigLoader.load(file);
        assertThat(loaded).as(loaded.toString()).isInstanceOf(ConfigResult.Loaded.class);
        PassgateConfig config = ((ConfigResult.Loaded) loaded).config();
        Environment env = new Environment(clock, System::nanoTime, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), trust, d -> { });
        return Kiosk.assemble(config, env);
    }

    /** Waits until {@code kiosk} has taken {@code count} messages from its peer (best effort has no other signal). */
    private static void awaitAccepted(Kiosk kiosk, long count) {
        SiteLink link = kiosk.gate().siteLink().orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (accepted(link) < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertThat(accepted(link)).isEqualTo(count);
    }

    private static long accepted(SiteLink link) {
        return link.status().get("peers").getValues().iterator().next().get("accepted").AsInt64Value();
    }

    private static Outcome scan(Kiosk kiosk, String text) {
        return kiosk.gate().handle(new ScannedCode("test", text, false, System.nanoTime())).outcome();
    }

    private static int freePort(String host) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, 0))) {
            return probe.getLocalPort();
        }
    }
}
