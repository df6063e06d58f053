package dev.passgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The site window: {@code [site]} and its {@code [site.peers.ID]} tables. Off by default. When {@code enabled},
 * the kiosk listens for its peers' admissions on the UDP address {@code listen} and sends its own to every peer;
 * a peer is known by its device id (the table name, the peer's {@code device.id}), its UDP {@code address} and
 * the file holding its entry-log public key ({@code passgate log pubkey} prints it). Addresses are IP literals
 * ({@code 192.168.1.20:7310}, {@code [fd00::20]:7310}); names are not looked up, so no DNS sits on any path.
 * {@code queue} bounds the admissions waiting to be sent, {@code peer_rate_per_second} the messages taken from
 * one peer per second (bursts up to the same number), and {@code max_age_ms} how far a message's send time may lie
 * from this kiosk's clock before it is refused as stale.
 */
public record SiteConfig(boolean enabled, String listen, List<Peer> peers, int queue, int peerRatePerSecond,
                         Duration maxAge) {

    /** One peer kiosk of the site. */
    public record Peer(String id, String address, Path publicKeyFile) {
        public Peer {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(publicKeyFile, "publicKeyFile");
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[0-9]{1,3}(\\.[0-9]{1,3}){3})"
            + ":([0-9]{1,5})");
    public static final IntRange PORT_RANGE = new IntRange(1, 65_535);
    public static final IntRange QUEUE_RANGE = new IntRange(1, 100_000);
    public static final IntRange PEER_RATE_RANGE = new IntRange(1, 10_000);
    public static final IntRange MAX_AGE_MS_RANGE = new IntRange(1_000, 600_000);
    public static final int MAX_PEERS = 64;
    public static final String DEFAULT_LISTEN = "0.0.0.0:7310";
    public static final SiteConfig DEFAULTS = new SiteConfig(false, DEFAULT_LISTEN, List.of(), 1024, 20,
            Duration.ofSeconds(30));
    static final String ADDRESS_EXPECTED = "\"IP:PORT\" with an IP literal (192.168.1.20:7310, [fd00::20]:7310)"
            + " and a port in " + PORT_RANGE;

    public SiteConfig {
        Objects.requireNonNull(listen, "listen");
        peers = List.copyOf(peers);
        Objects.requireNonNull(maxAge, "maxAge");
        QUEUE_RANGE.check("queue", queue);
        PEER_RATE_RANGE.check("peerRatePerSecond", peerRatePerSecond);
    }

    /** Whether {@code address} is an IP literal and port as {@link #ADDRESS_EXPECTED} describes. */
    public static boolean isAddress(String address) {
        Matcher parts = ADDRESS.matcher(address);
        if (!parts.matches()) {
            return false;
        }
        String host = parts.group(1);
        if (!host.startsWith("[")) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
        }
        return PORT_RANGE.contains(Long.parseLong(parts.group(3)));
    }

    /** The host of an {@link #isAddress} address, without IPv6 brackets. */
    public static String host(String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port of an {@link #isAddress} address. */
    public static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
