package dev.passgate.daemon.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.SiteConfig;
import dev.passgate.daemon.audit.DeviceKey;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two site links on loopback (door-a on 127.0.0.1, door-b on 127.0.0.2) over real UDP sockets; the test plays a
 * forger from 127.0.0.1 and 127.0.0.3. To know that door-b has handled every datagram sent before, the test sends a
 * good admission from door-a last and waits for door-b to accept it: on loopback a datagram is in the receiver's
 * queue when {@code send} returns, and the receiver handles them in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SiteLinkTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String TAG = "00112233aabbccdd";
    private static final String DIGEST = "0123456789abcdef0123456789abcdef";
    private static final byte[] MAC_KEY = SiteMessageTest.MAC_KEY;

    @TempDir
    Path dir;

    private final DeviceKey keyA = DeviceKey.generate();
    private final DeviceKey keyB = DeviceKey.generate();
    private final AtomicLong monotonic = new AtomicLong();
    private final BlockingQueue<SiteAdmission> acceptedAtB = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private int portA;
    private int portB;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void anAdmissionAtOneKioskReachesThePeersWindow() throws Exception {
        SiteLink a = link("door-a", keyA, 100, 16, admission -> { });
        SiteLink b = link("door-b", keyB, 100, 16, acceptedAtB::add);

        assertThat(a.publish(new SiteAdmission("door-a", NOW, "aa", DIGEST))).isTrue();

        assertThat(acceptedAtB.poll(10, TimeUnit.SECONDS)).isEqualTo(new SiteAdmission("door-a", NOW, "aa", DIGEST));
        assertThat(b.window().replayed(DIGEST, NOW.plusSeconds(20))).isPresent();
        assertThat(b.window().admitted("aa", NOW.plusSeconds(60), Duration.ofMinutes(10))).isPresent();
        assertThat(b.window().admitted("aa", NOW.plusSeconds(700), Duration.ofMinutes(10))).isEmpty();
        assertThat(peer(b, "door-a").get("accepted").AsInt64Value()).isEqualTo(1);
        assertThat(sentTo(a, "door-b")).isEqualTo(1);
    }

    /** A's count of datagrams sent to {@code peer}, once its sender thread has counted the one B already got. */
    private static long sentTo(SiteLink link, String peer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long sent = peer(link, peer).get("sent").AsInt64Value();
        while (sent == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
            sent = peer(link, peer).get("sent").AsInt64Value();
        }
        return sent;
    }

    @Test
    void dropsForgedStaleReplayedAndMisshapenDatagramsWithACounterEach() throws Exception {
        SiteLink a = link("door-a", keyA, 100, 16, admission -> { });
        SiteLink b = link("door-b", keyB, 100, 16, acceptedAtB::add);
        byte[] replayable = SiteMessage.encode(new SiteAdmission("door-a", NOW, "bb", null), TAG, 5, NOW.toEpochMilli(),
                keyA, MAC_KEY);
        try (DatagramSocket fromA = socket("127.0.0.1"); DatagramSocket elsewhere = socket("127.0.0.3")) {
            send(fromA, SiteMessage.encode(new SiteAdmission("door-a", NOW, "cc", null), TAG, 1, NOW.toEpochMilli(),
                    DeviceKey.generate(), MAC_KEY));
            send(fromA, SiteMessage.encode(new SiteAdmission("door-x", NOW, "cc", null), TAG, 2, NOW.toEpochMilli(),
                    keyA, MAC_KEY));
            send(elsewhere, SiteMessage.encode(new SiteAdmission("door-a", NOW, "cc", null), TAG, 3, NOW.toEpochMilli(),
                    keyA, MAC_KEY));
            send(fromA, SiteMessage.encode(new SiteAdmission("door-a", NOW.minusSeconds(60), "cc", null), TAG, 4,
                    NOW.minusSeconds(60).toEpochMilli(), keyA, MAC_KEY));
            send(fromA, replayable);
            send(fromA, replayable);
            send(fromA, SiteMessage.encode(new SiteAdmission("door-a", NOW, "cc", null), "ffffffffffffffff", 6,
                    NOW.toEpochMilli(), keyA, MAC_KEY));
            send(fromA, SiteMessage.encode(new SiteAdmission("door-a", NOW, "cc", null), TAG, 7, NOW.toEpochMilli(),
                    keyA, new byte[16]));
            send(fromA, new byte[SiteMessage.MAX_DATAGRAM + 100]);
            send(fromA, "PGS2 not a message at all".getBytes());
            send(fromA, SiteMessageTest.resource("message-v1.bin"));
        }
        a.publish(new SiteAdmission("door-a", NOW, "dd", null));

        assertThat(acceptedAtB.poll(10, TimeUnit.SECONDS).holder()).isEqualTo("bb");
        assertThat(acceptedAtB.poll(10, TimeUnit.SECONDS).holder()).isEqualTo("dd");
        CBORObject status = b.status();
        CBORObject fromPeer = status.get("peers").get("door-a");
        assertThat(fromPeer.get("badSignature").AsInt64Value()).isEqualTo(1);
        assertThat(status.get("unknownPeer").AsInt64Value()).isEqualTo(1);
        assertThat(fromPeer.get("wrongSource").AsInt64Value()).isEqualTo(1);
        assertThat(fromPeer.get("stale").AsInt64Value()).isEqualTo(1);
        assertThat(fromPeer.get("replayed").AsInt64Value()).isEqualTo(1);
        assertThat(fromPeer.get("wrongSite").AsInt64Value()).isEqualTo(1);
        assertThat(status.get("oversize").AsInt64Value()).isEqualTo(1);
        assertThat(status.get("malformed").AsInt64Value()).isEqualTo(1);
        assertThat(status.get("badMac").AsInt64Value()).isEqualTo(1);
        assertThat(status.get("oldVersion").AsInt64Value()).isEqualTo(1);
        assertThat(fromPeer.get("accepted").AsInt64Value()).isEqualTo(2);
        assertThat(b.window().admitted("cc", NOW, Duration.ofMinutes(10))).isEmpty();
        System.out.println("site link drops: " + status.ToJSONString());
    }

    @Test
    void aFloodingPeerIsCutToItsRateAndAcceptedAgainOnceItSlowsDown() throws Exception {
        SiteLink a = link("door-a", keyA, 100, 16, admission -> { });
        SiteLink b = link("door-b", keyB, 5, 16, acceptedAtB::add);
        try (DatagramSocket fromA = socket("127.0.0.1")) {
            for (int i = 0; i < 200; i++) {
                send(fromA, SiteMessage.encode(new SiteAdmission("door-a", NOW, "ee", null), TAG, 100 + i,
                        NOW.toEpochMilli(), DeviceKey.generate(), MAC_KEY));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (dropped(b) < 200 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        monotonic.addAndGet(Duration.ofSeconds(10).toNanos());
        a.publish(new SiteAdmission("door-a", NOW, "ff", null));

        assertThat(acceptedAtB.poll(10, TimeUnit.SECONDS).holder()).isEqualTo("ff");
        CBORObject fromPeer = peer(b, "door-a");
        assertThat(fromPeer.get("flooded").AsInt64Value()).isEqualTo(195);
        assertThat(fromPeer.get("badSignature").AsInt64Value()).isEqualTo(5);
        System.out.println("site link flood of 200 at 5/s: " + fromPeer.ToJSONString());
    }

    /**
     * The attack the site MAC closes: someone on the LAN, without the site secret, spoofs door-a's address and
     * sends junk as fast as a loop can: random bytes, well-shaped datagrams under a wrong MAC key (validly signed by
     * a key of its own, with fresh numbers), and a genuine datagram of door-a's captured and sent again. None of it
     * may spend door-a's budget (40 tokens here, never refilled: the monotonic clock stands still; 3,000 junk
     * datagrams would spend it many times over), so the captured one and every one of door-a's 30 genuine
     * admissions, each sent after a burst of junk, is accepted.
     */
    @Test
    void spoofedJunkAtAHighRateFromAPeersAddressDoesNotStopItsGenuineAdmissions() throws Exception {
        SiteLink a = link("door-a", keyA, 100, 64, admission -> { });
        SiteLink b = link("door-b", keyB, 40, 16, acceptedAtB::add);
        byte[] captured = SiteMessage.encode(new SiteAdmission("door-a", NOW, "c0", null), TAG, 1, NOW.toEpochMilli(),
                keyA, MAC_KEY);
        java.util.Random random = new java.util.Random(18);
        DeviceKey forger = DeviceKey.generate();
        int junk = 0;
        long junkNanos = 0;
        try (DatagramSocket fromA = socket("127.0.0.1")) {
            send(fromA, captured);
            assertThat(acceptedAtB.poll(10, TimeUnit.SECONDS).holder()).isEqualTo("c0");
            for (int round = 0; round < 30; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < 100; i++, junk++) {
                    send(fromA, junk(i % 3, junk, random, forger, captured));
                }
                junkNanos += System.nanoTime() - start;
                awaitHandled(b, junk);
                SiteAdmission genuine = new SiteAdmission("door-a", NOW, String.format("%02x", round), null);
                a.publish(genuine);
                assertThat(acceptedAtB.poll(10, TimeUnit.SECONDS)).as("round " + round).isEqualTo(genuine);
            }
        }
        CBORObject status = b.status();
        CBORObject fromPeer = status.get("peers").get("door-a");
        assertThat(fromPeer.get("accepted").AsInt64Value()).isEqualTo(31);
        assertThat(fromPeer.get("flooded").AsInt64Value()).isZero();
        assertThat(fromPeer.get("badSignature").AsInt64Value()).isZero();
        assertThat(status.get("badMac").AsInt64Value() + status.get("malformed").AsInt64Value()
                + fromPeer.get("replayed").AsInt64Value()).isEqualTo(junk);
        assertThat(fromPeer.get("replayed").AsInt64Value()).as("33 captured per burst of 100").isEqualTo(990);
        System.out.printf("site link: %d spoofed junk datagrams from door-a's address at %.0f/s in bursts; door-a's"
                + " 30 genuine admissions all accepted; at b: %s%n", junk, junk / (junkNanos / 1e9),
                status.ToJSONString());
    }

    /** Junk of kind 0 (random bytes under a v2 header), 1 (a wrong MAC key) or 2 (a captured datagram again). */
    private static byte[] junk(int kind, int n, java.util.Random random, DeviceKey forger, byte[] captured) {
        if (kind == 2) {
            return captured;
        }
        if (kind == 1) {
            byte[] wrongKey = new byte[16];
            random.nextBytes(wrongKey);
            return SiteMessage.encode(new SiteAdmission("door-a", NOW, "ab", null), TAG, 1_000_000 + n,
                    NOW.toEpochMilli(), forger, wrongKey);
        }
        byte[] noise = new byte[6 + 1 + 64 + 16 + random.nextInt(300)];
        random.nextBytes(noise);
        System.arraycopy("PGS2".getBytes(), 0, noise, 0, 4);
        int payload = noise.length - 6 - 64 - 16;
        noise[4] = (byte) (payload >>> 8);
        noise[5] = (byte) payload;
        return noise;
    }

    /** Waits until b has dropped {@code count} datagrams for a bad MAC, malformation or as replayed. */
    private static void awaitHandled(SiteLink b, long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            CBORObject status = b.status();
            if (status.get("badMac").AsInt64Value() + status.get("malformed").AsInt64Value()
                    + status.get("peers").get("door-a").get("replayed").AsInt64Value() >= count) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void aPeerThatIsDownOrAFullQueueNeverBlocksTheSender() throws Exception {
        SiteLink a = link("door-a", keyA, 100, 2, admission -> { }, false);

        assertThat(a.publish(new SiteAdmission("door-a", NOW, "aa", null))).isTrue();
        assertThat(a.publish(new SiteAdmission("door-a", NOW, "bb", null))).isTrue();
        assertThat(a.publish(new SiteAdmission("door-a", NOW, "cc", null))).isFalse();
        assertThat(a.status().get("queueDropped").AsInt64Value()).isEqualTo(1);

        a.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peer(a, "door-b").get("sent").AsInt64Value() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(peer(a, "door-b").get("sent").AsInt64Value()).isEqualTo(2);
    }

    private SiteLink link(String id, DeviceKey key, int rate, int queue, java.util.function.Consumer<SiteAdmission>
            accepted) throws IOException {
        return link(id, key, rate, queue, accepted, true);
    }

    /** door-a listens on 127.0.0.1, door-b on 127.0.0.2; each names the other as its one peer. */
    private SiteLink link(String id, DeviceKey key, int rate, int queue,
                          java.util.function.Consumer<SiteAdmission> accepted, boolean start) throws IOException {
        if (portA == 0) {
            portA = freePort("127.0.0.1");
            portB = freePort("127.0.0.2");
        }
        boolean isA = id.equals("door-a");
        String peerId = isA ? "door-b" : "door-a";
        Path peerKey = Files.writeString(dir.resolve(peerId + ".pub"), (isA ? keyB : keyA).publicKeyPem());
        SiteConfig config = new SiteConfig(true, isA ? "127.0.0.1:" + portA : "127.0.0.2:" + portB,
                List.of(new SiteConfig.Peer(peerId, isA ? "127.0.0.2:" + portB : "127.0.0.1:" + portA, peerKey)),
                queue, rate, Duration.ofSeconds(30));
        SiteLink link = SiteLink.open(config, new SiteLink.Identity(id, TAG, key, MAC_KEY),
                new SiteWindow(Duration.ofSeconds(40), Duration.ofMinutes(10)),
                Clock.fixed(NOW, ZoneOffset.UTC), monotonic::get, accepted);
        open.add(link);
        if (start) {
            link.start();
        }
        return link;
    }

    /** Datagrams from door-a that b has handled and dropped as flooded or badly signed, so far. */
    private static long dropped(SiteLink b) {
        CBORObject fromA = peer(b, "door-a");
        return fromA.get("flooded").AsInt64Value() + fromA.get("badSignature").AsInt64Value();
    }

    private static CBORObject peer(SiteLink link, String id) {
        return link.status().get("peers").get(id);
    }

    private void send(DatagramSocket from, byte[] datagram) throws IOException {
        from.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress("127.0.0.2", portB)));
    }

    private static DatagramSocket socket(String host) throws IOException {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
    }

    private static int freePort(String host) throws IOException {
        try (DatagramSocket probe = socket(host)) {
            return probe.getLocalPort();
        }
    }

}
