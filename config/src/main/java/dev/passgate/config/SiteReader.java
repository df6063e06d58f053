package dev.passgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The schema of {@code [site]} and {@code [site.peers.ID]}, plus the checks across keys: an enabled window needs at
 * least one peer, a peer's id must be a device id other than this kiosk's own, every peer needs an address and a
 * public key file, and no two peers (nor a peer and {@code listen}) share an address. Whether the key files read
 * is checked when the kiosk starts, since this module reads no file but the configuration.
 */
final class SiteReader {

    private static final String SECTION = "site";
    private static final List<String> KEYS = List.of("enabled", "listen", "queue", "peer_rate_per_second",
            "max_age_ms", "peers");
    private static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final List<String> PEER_KEYS = List.of("address", "public_key_file");
    private static final String ID_EXPECTED = "a peer's device.id: 1..64 characters from A-Z a-z 0-9 _ - (a table"
            + " name holds no '.')";

    private final TomlFields fields;
    private final Path base;

    SiteReader(TomlFields fields, Path base) {
        this.fields = fields;
        this.base = base;
    }

    SiteConfig site(String ownId) {
        fields.table(SECTION, KEYS);
        SiteConfig d = SiteConfig.DEFAULTS;
        boolean enabled = fields.bool("site.enabled", d.enabled());
        String listen = fields.text("site.listen", TomlFields.NON_EMPTY, SiteConfig.ADDRESS_EXPECTED, d.listen());
        if (!SiteConfig.isAddress(listen)) {
            fields.fail("site.listen", TomlFields.quoted(listen), SiteConfig.ADDRESS_EXPECTED);
            listen = d.listen();
        }
        int queue = fields.integer("site.queue", SiteConfig.QUEUE_RANGE, d.queue());
        int rate = fields.integer("site.peer_rate_per_second", SiteConfig.PEER_RATE_RANGE, d.peerRatePerSecond());
        Duration maxAge = fields.millis("site.max_age_ms", SiteConfig.MAX_AGE_MS_RANGE, d.maxAge());
        fields.table("site.peers", fields.keys("site.peers"));
        List<SiteConfig.Peer> peers = peers(ownId, listen);
        if (enabled && peers.isEmpty() && !fields.failed("site.peers")) {
            fields.fail(fields.written("site.peers") ? "site.peers" : "site.enabled", "true with no peer",
                    "at least one [site.peers.ID] table when site.enabled is true");
            enabled = false;
        }
        return new SiteConfig(enabled, listen, peers, queue, rate, maxAge);
    }

    private List<SiteConfig.Peer> peers(String ownId, String listen) {
        List<SiteConfig.Peer> peers = new ArrayList<>();
        Set<String> addresses = new HashSet<>(List.of(listen));
        List<String> ids = fields.keys("site.peers");
        for (String id : ids) {
            String key = "site.peers." + id;
            if (!PEER_ID.matcher(id).matches() || id.equals(ownId)) {
                fields.fail(key, TomlFields.quoted(id), id.equals(ownId)
                        ? "a peer other than this kiosk (device.id = " + TomlFields.quoted(ownId) + ")" : ID_EXPECTED);
                continue;
            }
            fields.table(key, PEER_KEYS);
            String address = fields.text(key + ".address", TomlFields.NON_EMPTY, SiteConfig.ADDRESS_EXPECTED, "");
            Path keyFile = fields.path(key + ".public_key_file", base, null);
            if (!fields.written(key + ".address") || !fields.written(key + ".public_key_file")) {
                fields.fail(key, "a peer without " + (fields.written(key + ".address") ? "public_key_file"
                        : "address"), "both address and public_key_file");
                continue;
            }
            if (!SiteConfig.isAddress(address)) {
                fields.fail(key + ".address", TomlFields.quoted(address), SiteConfig.ADDRESS_EXPECTED);
            } else if (!addresses.add(address)) {
                fields.fail(key + ".address", TomlFields.quoted(address), "an address no other peer and not"
                        + " site.listen uses");
            } else if (keyFile != null) {
                peers.add(new SiteConfig.Peer(id, address, keyFile));
            }
        }
        if (ids.size() > SiteConfig.MAX_PEERS) {
            fields.fail("site.peers", ids.size() + " peers", "at most " + SiteConfig.MAX_PEERS);
        }
        return peers;
    }
}
