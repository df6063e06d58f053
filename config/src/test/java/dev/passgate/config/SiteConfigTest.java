package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteConfigTest {
    private static final Path FILE = Path.of("/etc/passgate/passgate.toml");

    @Test
    void isOffWithoutPeersByDefault() {
        SiteConfig site = ConfigLoader.defaults(FILE).site();

        assertThat(site).isEqualTo(SiteConfig.DEFAULTS);
        assertThat(site.enabled()).isFalse();
        assertThat(site.peers()).isEmpty();
    }

    @Test
    void readsListenLimitsAndPeersWithTheirKeyFilesRelativeToTheConfig() {
        ConfigResult result = ConfigLoader.parse("""
                [device]
                id = "door-a"
                [site]
                enabled = true
                listen = "127.0.0.1:7310"
                queue = 64
                peer_rate_per_second = 20
                max_age_ms = 10000
                [site.peers.door-b]
                address = "127.0.0.2:7310"
                public_key_file = "peers/door-b.pub"
                [site.peers.door_c]
                address = "[::1]:7311"
                public_key_file = "/etc/passgate/peers/door-c.pub"
                """, FILE);

        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        SiteConfig site = ((ConfigResult.Loaded) result).config().site();
        assertThat(site).isEqualTo(new SiteConfig(true, "127.0.0.1:7310", List.of(
                new SiteConfig.Peer("door-b", "127.0.0.2:7310", Path.of("/etc/passgate/peers/door-b.pub")),
                new SiteConfig.Peer("door_c", "[::1]:7311", Path.of("/etc/passgate/peers/door-c.pub"))),
                64, 20, Duration.ofSeconds(10)));
        assertThat(SiteConfig.host("[::1]:7311")).isEqualTo("::1");
        assertThat(SiteConfig.port("[::1]:7311")).isEqualTo(7311);
    }

    @Test
    void reportsEveryBadKeyWithFileAndLineAtOnce() {
        List<String> errors = errors("""
                [device]
                id = "door-a"
                [site]
                enabled = true
                listen = "door-a.local:7310"
                queue = 0
                colour = "blue"
                [site.peers.door-a]
                address = "127.0.0.9:7310"
                public_key_file = "a.pub"
                [site.peers.door-b]
                address = "127.0.0.300:7310"
                public_key_file = "b.pub"
                [site.peers.door-c]
                address = "127.0.0.3:7310"
                [site.peers.door-d]
                address = "127.0.0.4:7310"
                public_key_file = "d.pub"
                key = "x"
                [site.peers.door-e]
                address = "127.0.0.4:7310"
                public_key_file = "e.pub"
                """);

        assertThat(errors).containsExactly(
                FILE + ":5: site.listen: found \"door-a.local:7310\", expected " + SiteConfig.ADDRESS_EXPECTED,
                FILE + ":6: site.queue: found 0, expected 1..100000",
                FILE + ":7: site.colour: found unknown key, expected one of enabled, listen, queue,"
                        + " peer_rate_per_second, max_age_ms, peers",
                FILE + ":8: site.peers.door-a: found \"door-a\", expected a peer other than this kiosk"
                        + " (device.id = \"door-a\")",
                FILE + ":12: site.peers.door-b.address: found \"127.0.0.300:7310\", expected "
                        + SiteConfig.ADDRESS_EXPECTED,
                FILE + ":14: site.peers.door-c: found a peer without public_key_file, expected both address and"
                        + " public_key_file",
                FILE + ":19: site.peers.door-d.key: found unknown key, expected one of address, public_key_file",
                FILE + ":21: site.peers.door-e.address: found \"127.0.0.4:7310\", expected an address no other"
                        + " peer and not site.listen uses");
    }

    @Test
    void anEnabledWindowNeedsAPeer() {
        assertThat(errors("[site]\nenabled = true\n")).containsExactly(FILE + ":2: site.enabled: found true with no"
                + " peer, expected at least one [site.peers.ID] table when site.enabled is true");
    }

    @Test
    void aChangedSiteNeedsARestart() {
        PassgateConfig running = ConfigLoader.defaults(FILE);
        ConfigResult loaded = ConfigLoader.parse("[site]\nqueue = 5\n", FILE);

        assertThat(ConfigChanges.needingRestart(running, ((ConfigResult.Loaded) loaded).config())).contains("site");
    }

    private static List<String> errors(String text) {
        ConfigResult result = ConfigLoader.parse(text, FILE);
        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        return ((ConfigResult.Invalid) result).errors().stream().map(ConfigError::toString).toList();
    }
}
