package dev.passgate.daemon.site;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.SiteConfig;
import dev.passgate.daemon.audit.DeviceKey;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.tinylog.Logger;

/**
 * The site window's transport: UDP datagrams ({@link SiteMessage}) between the kiosks of a site. This kiosk's own
 * admissions go into a bounded queue ({@code site.queue}; {@link #publish} never blocks and counts what it has to
 * drop) and a sending thread signs each once with the entry-log key and sends it to every peer from the listening
 * socket. Every datagram carries a MAC under a key derived from the site secret, so only a kiosk of the site can
 * make one that a peer reads at all. A receiving thread takes the peers' datagrams through these checks, in order,
 * each failure dropping the datagram and counting it: size (oversize), format version 1, which has no MAC
 * (oldVersion), framing (malformed), the site MAC (badMac: forged, or from a kiosk whose site secret differs;
 * checked before anything is charged to a peer or parsed), shape (malformed), the sender's id among the configured
 * peers (unknown peer), the source address the configured one (wrong source), the send time within
 * {@code site.max_age_ms} of this kiosk's clock (stale), a message number not seen before (replayed), the peer's
 * rate ({@code site.peer_rate_per_second}, checked before the signature so a flood costs no signature work;
 * flooded), the Ed25519 signature by the peer's configured key (bad signature) and the sender's site tag equal to
 * this kiosk's (wrong site). Because the MAC, the age and the number come before the rate, neither junk nor a
 * captured datagram sent again from a spoofed peer address spends that peer's budget. What passes goes into the
 * {@link SiteWindow}. The site tag is the first 16 hex characters of the keyed digest the replay cache would give
 * the text {@code "site-window"} (HMAC-SHA-256 under the site secret): equal exactly when the secrets are, and
 * useless without them; the MAC key is the keyed digest of {@code "site-window/mac/2"}, which the tag does not
 * reveal ({@link Identity#forSite}).
 *
 * <p>Best effort, by design: UDP carries no acknowledgement and nothing is sent again, so a peer that is down, a
 * lost datagram or a full queue loses that admission for that peer, and each kiosk keeps deciding with what it
 * knows. Nothing here is on the decision path but {@link #publish}'s offer to the queue. Not guaranteed: privacy
 * on the wire (messages are signed and MACed, not encrypted; they carry site-keyed digests, no names), nor
 * protection against a kiosk of the same site (it holds the site secret) spending another peer's budget.
 */
public final class SiteLink implements AutoCloseable {
    private final String deviceId;
    private final String siteTag;
    private final byte[] macKey;
    private final DeviceKey key;
    private final SiteWindow window;
    private final Clock clock;
    private final LongSupplier monotonic;
    private final long maxAgeMillis;
    private final DatagramSocket socket;
    private final Map<String, PeerState> peers;
    private final BlockingQueue<SiteAdmission> queue;
    private final AtomicLong queueDropped = new AtomicLong();
    private final AtomicLong unknownPeer = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong badMac = new AtomicLong();
    private final AtomicLong oldVersion = new AtomicLong();
    private final Consumer<SiteAdmission> accepted;
    private final Thread sender = new Thread(this::sendLoop, "passgate-site-send");
    private final Thread receiver = new Thread(this::receiveLoop, "passgate-site-receive");
    private volatile boolean closed;
    private long lastSeq;

    private SiteLink(SiteConfig config, Identity identity, SiteWindow window, Clock clock, LongSupplier monotonic,
                     DatagramSocket socket, Map<String, PeerState> peers, Consumer<SiteAdmission> accepted) {
        this.deviceId = identity.deviceId();
        this.siteTag = identity.siteTag();
        this.macKey = identity.macKey().clone();
        this.key = identity.key();
        this.window = window;
        this.clock = clock;
        this.monotonic = monotonic;
        this.maxAgeMillis = config.maxAge().toMillis();
        this.socket = socket;
        this.peers = peers;
        this.queue = new ArrayBlockingQueue<>(config.queue());
        this.accepted = accepted;
        sender.setDaemon(true);
        receiver.setDaemon(true);
    }

    /** A part of {@code [site]} that cannot be set up: the dotted configuration key at fault and why. */
    public static final class SetupException extends IOException {
        private final String key;

        SetupException(String key, String detail, Throwable cause) {
            super(key + ": " + detail, cause);
            this.key = key;
        }

        public String key() {
            return key;
        }

        public String detail() {
            return getMessage().substring(key.length() + 2);
        }
    }

    /**
     * Who this kiosk is to its peers: its device id, its site's tag ({@code siteTag}), its entry-log key, and the
     * site MAC key (at least 16 bytes, derived from the site secret; every kiosk of the site has the same).
     */
    public record Identity(String deviceId, String siteTag, DeviceKey key, byte[] macKey) {
        public Identity {
            if (macKey == null || macKey.length < 16) {
                throw new IllegalArgumentException("the site MAC key has at least 16 bytes");
            }
        }

        /**
         * The identity of kiosk {@code deviceId} at the site whose secret keys {@code siteDigest} (the replay
         * cache's keyed digest, HMAC-SHA-256 under {@code device.site_secret_file}, lowercase hex of at least 32
         * characters): the tag is the first 16 hex characters of the digest of {@code "site-window"}, the MAC key
         * the bytes of the digest of {@code "site-window/mac/2"} (another input, so the tag sent in the clear says
         * nothing of it).
         */
        public static Identity forSite(String deviceId, UnaryOperator<String> siteDigest, DeviceKey key) {
            return new Identity(deviceId, siteDigest.apply("site-window").substring(0, 16), key,
                    HexFormat.of().parseHex(siteDigest.apply("site-window/mac/2")));
        }
    }

    /**
     * Binds {@code site.listen} and reads every peer's public key; {@code accepted} hears each peer admission that
     * passed (after it is in the window). A {@link SetupException} names the peer key file or the address at fault.
     */
    public static SiteLink open(SiteConfig config, Identity identity, SiteWindow window, Clock clock,
                                LongSupplier monotonic, Consumer<SiteAdmission> accepted) throws SetupException {
        Map<String, PeerState> peers = new LinkedHashMap<>();
        for (SiteConfig.Peer peer : config.peers()) {
            try {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(
                        SiteConfig.host(peer.address())), SiteConfig.port(peer.address()));
                peers.put(peer.id(), new PeerState(peer.id(), address, DeviceKey.readPublicKey(peer.publicKeyFile()),
                        config.peerRatePerSecond(), monotonic.getAsLong()));
            } catch (IOException e) {
                throw new SetupException("site.peers." + peer.id() + ".public_key_file", e.getMessage(), e);
            }
        }
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(
                    SiteConfig.host(config.listen())), SiteConfig.port(config.listen())));
            return new SiteLink(config, identity, window, clock, monotonic, socket, peers, accepted);
        } catch (IOException e) {
            throw new SetupException("site.listen", "cannot listen on " + config.listen() + ": " + e.getMessage(),
                    e);
        }
    }

    public void start() {
        sender.start();
        receiver.start();
        Logger.info("site window: listening on {} for {} peer(s)", socket.getLocalSocketAddress(), peers.size());
    }

    /** Queues this kiosk's admission for every peer; never blocks. False (and counted) when the queue is full. */
    public boolean publish(SiteAdmission admission) {
        if (closed || !queue.offer(admission)) {
            queueDropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** The window this link fills. */
    public SiteWindow window() {
        return window;
    }

    /** The counters for {@code passgate status}: queue, drops by reason, and per peer. No personal data. */
    public CBORObject status() {
        CBORObject peerJson = CBORObject.NewOrderedMap();
        peers.values().forEach(peer -> peerJson.Add(peer.id, peer.toJson()));
        String listen = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
        return CBORObject.NewOrderedMap().Add("listen", listen)
                .Add("queued", queue.size()).Add("queueDropped", queueDropped.get())
                .Add("unknownPeer", unknownPeer.get()).Add("oversize", oversize.get())
                .Add("malformed", malformed.get()).Add("badMac", badMac.get()).Add("oldVersion", oldVersion.get())
                .Add("windowEntries", window.size())
                .Add("windowEvicted", window.evicted()).Add("peers", peerJson);
    }

    private void sendLoop() {
        while (!closed) {
            SiteAdmission admission;
            try {
                admission = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            long sentMillis = clock.millis();
            lastSeq = Math.max(lastSeq + 1, sentMillis * 1000);
            byte[] datagram = SiteMessage.encode(admission, siteTag, lastSeq, sentMillis, key, macKey);
            for (PeerState peer : peers.values()) {
                try {
                    socket.send(new DatagramPacket(datagram, datagram.length, peer.address));
                    peer.sent.incrementAndGet();
                } catch (IOException e) {
                    note(peer.sendFailed, "could not send to", peer.id, e.getMessage());
                }
            }
        }
    }

    private void receiveLoop() {
        byte[] buffer = new byte[SiteMessage.MAX_DATAGRAM + 1];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    Logger.warn("site window: receiving failed: {}", e.getMessage());
                }
                continue;
            }
            receive(packet);
        }
    }

    /** Takes one datagram through the checks described on the class. */
    void receive(DatagramPacket packet) {
        String source = packet.getAddress().getHostAddress();
        if (packet.getLength() > SiteMessage.MAX_DATAGRAM) {
            note(oversize, "oversize datagram from", source, "");
        } else if (SiteMessage.version(packet.getData(), packet.getLength()) == 1) {
            note(oldVersion, "version 1 datagram (no site MAC; that kiosk needs this passgate version) from", source,
                    "");
        } else if (!SiteMessage.framed(packet.getData(), packet.getLength())) {
            note(malformed, "malformed datagram from", source, "");
        } else if (!SiteMessage.authentic(packet.getData(), packet.getLength(), macKey)) {
            note(badMac, "datagram with a bad site MAC (forged, or its site_secret_file differs) from", source, "");
        } else {
            SiteMessage.Parsed message = SiteMessage.decode(packet.getData(), packet.getLength());
            if (message == null) {
                note(malformed, "malformed datagram from", source, "");
            } else {
                receive(message, packet.getAddress());
            }
        }
    }

    /** The checks after the site MAC: the peer, its address, age and number, then its budget and signature. */
    private void receive(SiteMessage.Parsed message, InetAddress source) {
        PeerState peer = peers.get(message.admission().kiosk());
        if (peer == null) {
            note(unknownPeer, "message from an unknown kiosk at", source.getHostAddress(), "");
        } else if (!peer.address.getAddress().equals(source)) {
            note(peer.wrongSource, "message naming", peer.id, "from " + source.getHostAddress());
        } else if (Math.abs(message.sentMillis() - clock.millis()) > maxAgeMillis) {
            note(peer.stale, "stale message from", peer.id, "sent " + Instant.ofEpochMilli(message.sentMillis()));
        } else if (peer.seen(message.seq())) {
            note(peer.replayed, "replayed message from", peer.id, "");
        } else if (!peer.take(monotonic.getAsLong())) {
            note(peer.flooded, "over the rate limit:", peer.id, "");
        } else if (!message.signedBy(peer.key)) {
            note(peer.badSignature, "bad signature from", peer.id, "");
        } else if (!peer.firstTime(message.seq())) {
            note(peer.replayed, "replayed message from", peer.id, "");
        } else if (!siteTag.equals(message.site())) {
            note(peer.wrongSite, "message from another site (its site_secret_file differs) from", peer.id, "");
        } else {
            window.remember(message.admission(), clock.instant());
            peer.accepted.incrementAndGet();
            accepted.accept(message.admission());
        }
    }

    /** Counts a drop and logs it at the 1st, 10th, 100th... occurrence, so a flood cannot flood the log. */
    private static void note(AtomicLong counter, String what, String who, String detail) {
        long count = counter.incrementAndGet();
        if (Long.toString(count).matches("10*")) {
            Logger.warn("site window: dropped {} {} {} ({} so far)", what, who, detail, count);
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        sender.interrupt();
        try {
            sender.join(1000);
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SiteLink[" + deviceId + " on " + socket.getLocalSocketAddress() + "]";
    }
}
