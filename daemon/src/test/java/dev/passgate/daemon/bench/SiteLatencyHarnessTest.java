package dev.passgate.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.SiteConfig;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.site.SiteAdmission;
import dev.passgate.daemon.site.SiteLink;
import dev.passgate.daemon.site.SiteMessage;
import dev.passgate.daemon.site.SiteWindow;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast an admission reaches a peer kiosk's window on loopback: kiosk-a (127.0.0.1) publishes N admissions at a
 * steady rate through its {@link SiteLink} (queue, Ed25519 signing, UDP) and kiosk-b (127.0.0.2) receives, checks
 * and stores each; the figure is publish → in b's window, on one monotonic clock (both links in this JVM). Optionally
 * a forger on kiosk-a's address sends badly signed datagrams at the same time (each costs b a signature check).
 * Prints, per rate: sent, arrived, lost, p50/p99/max in microseconds, b's drop counters and the machine's load.
 * Opt-in: {@code mvn -B -pl daemon -am verify -Dtest=SiteLatencyHarnessTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpassgate.site.bench=true} (optional {@code -Dpassgate.site.count=600 -Dpassgate.site.rates=20,100,300
 * -Dpassgate.site.flood=500}). Each run first sends 300 admissions unmeasured, as fast as the link takes them, so
 * that the JIT has compiled the signature code; a run waits up to 10 s for the last ones, and what has not arrived
 * by then counts as lost.
 */
class SiteLatencyHarnessTest {
    private static final String TAG = "0123456789abcdef";
    /** The site MAC key both links share; the forgeries carry it too (a kiosk of the site gone bad). */
    private static final byte[] MAC_KEY = new byte[16];
    @TempDir
    Path dir;

    @Test
    void printsHowFastAnAdmissionReachesAPeerOnLoopback() throws Exception {
        assumeTrue(Boolean.getBoolean("passgate.site.bench"), "opt-in: -Dpassgate.site.bench=true");
        int count = Integer.getInteger("passgate.site.count", 600);
        int flood = Integer.getInteger("passgate.site.flood", 500);
        List<Integer> rates = Arrays.stream(System.getProperty("passgate.site.rates", "20,100,300").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        System.out.println(Machine.describe());
        for (int rate : rates) {
            run(count, rate, 0);
        }
        run(count, rates.get(0), flood);
    }

    private void run(int count, int rate, int flood) throws Exception {
        DeviceKey keyA = DeviceKey.generate();
        DeviceKey keyB = DeviceKey.generate();
        int portA = port("127.0.0.1");
        int portB = port("127.0.0.2");
        ConcurrentHashMap<String, Long> arrived = new ConcurrentHashMap<>();
        long[] published = new long[count];
        try (SiteLink a = link("kiosk-a", keyA, keyB, "127.0.0.1:" + portA, "kiosk-b", "127.0.0.2:" + portB,
                admission -> { });
             SiteLink b = link("kiosk-b", keyB, keyA, "127.0.0.2:" + portB, "kiosk-a", "127.0.0.1:" + portA,
                     admission -> arrived.put(admission.holder(), System.nanoTime()));
             DatagramSocket forger = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            a.start();
            b.start();
            warmUp(a, arrived);
            byte[] forged = SiteMessage.encode(new SiteAdmission("kiosk-a", Instant.now(), "ff", null), TAG, 1,
                    System.currentTimeMillis(), DeviceKey.generate(), MAC_KEY);
            DatagramPacket forgery = new DatagramPacket(forged, forged.length, new InetSocketAddress("127.0.0.2",
                    portB));
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            long floodInterval = flood == 0 ? Long.MAX_VALUE : 1_000_000_000L / flood;
            long nextForgery = flood == 0 ? Long.MAX_VALUE : start;
            for (int i = 0; i < count; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    if (System.nanoTime() >= nextForgery) {
                        forger.send(forgery);
                        nextForgery += floodInterval;
                    } else {
                        LockSupport.parkNanos(Math.min(due, nextForgery) - System.nanoTime());
                    }
                }
                published[i] = System.nanoTime();
                a.publish(new SiteAdmission("kiosk-a", Instant.now(), String.format("%08x", i), null));
            }
            long drain = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (arrived.size() < count && System.nanoTime() < drain) {
                LockSupport.parkNanos(1_000_000);
            }
            report(count, rate, flood, published, arrived, b.status());
        }
    }

    /** 300 admissions, each sent once the previous one arrived, then the window's entries forgotten. */
    private static void warmUp(SiteLink a, ConcurrentHashMap<String, Long> arrived) {
        for (int i = 0; i < 300; i++) {
            String holder = String.format("ee%08x", i);
            a.publish(new SiteAdmission("kiosk-a", Instant.now(), holder, null));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!arrived.containsKey(holder) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
        }
        arrived.clear();
    }

    private static void report(int count, int rate, int flood, long[] published, ConcurrentHashMap<String, Long>
            arrived, CBORObject status) {
        long[] micros = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            Long at = arrived.get(String.format("%08x", i));
            if (at != null) {
                micros[n++] = (at - published[i]) / 1000;
            }
        }
        Arrays.sort(micros, 0, n);
        CBORObject fromA = status.get("peers").get("kiosk-a");
        System.out.printf("site latency: %d admissions at %d/s%s: arrived %d, lost %d; publish -> peer window p50 %d"
                        + " us, p99 %d us, max %d us; at b: accepted %d (300 warm-up included), badSignature %d,"
                        + " flooded %d; %s%n", count,
                rate, flood == 0 ? "" : " with " + flood + "/s forged datagrams", n, count - n, at(micros, n, 0.50),
                at(micros, n, 0.99), n == 0 ? 0 : micros[n - 1], fromA.get("accepted").AsInt64Value(),
                fromA.get("badSignature").AsInt64Value(), fromA.get("flooded").AsInt64Value(), Machine.load());
        assertThat(n).isPositive();
    }

    private static long at(long[] sorted, int n, double quantile) {
        return n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(quantile * n) - 1)];
    }

    private SiteLink link(String id, DeviceKey key, DeviceKey peerKey, String listen, String peer, String address,
                          java.util.function.Consumer<SiteAdmission> accepted) throws IOException {
        Path peerFile = Files.writeString(dir.resolve(id + "-peer.pub"), peerKey.publicKeyPem());
        SiteConfig config = new SiteConfig(true, listen, List.of(new SiteConfig.Peer(peer, address, peerFile)),
                100_000, 10_000, Duration.ofSeconds(30));
        return SiteLink.open(config, new SiteLink.Identity(id, TAG, key, MAC_KEY),
                new SiteWindow(Duration.ofSeconds(420), Duration.ofHours(24)),
                Clock.systemUTC(), System::nanoTime, accepted);
    }

    private static int port(String host) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, 0))) {
            return probe.getLocalPort();
        }
    }
}
