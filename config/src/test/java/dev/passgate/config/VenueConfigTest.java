package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VenueConfigTest {
    private static final Path FILE = Path.of("/etc/passgate/passgate.toml");

    @Test
    void hasNoVenueAndAdmitsUnboundPresentationsByDefault() {
        assertThat(ConfigLoader.defaults(FILE).venue()).isEqualTo(VenueConfig.DEFAULTS);
        assertThat(VenueConfig.DEFAULTS).isEqualTo(new VenueConfig(Optional.empty(), VenueConfig.Unbound.ADMIT));
        assertThat(venue("id = \"\"\n")).isEqualTo(VenueConfig.DEFAULTS);
    }

    @Test
    void readsTheVenueIdAndWhatToDoWithUnboundPresentations() {
        assertThat(venue("id = \"SEOUL-HALL-1\"\n"))
                .isEqualTo(new VenueConfig(Optional.of("SEOUL-HALL-1"), VenueConfig.Unbound.ADMIT));
        assertThat(venue("id = \"hall.b_2\"\nunbound = \"REFUSE\"\n"))
                .isEqualTo(new VenueConfig(Optional.of("hall.b_2"), VenueConfig.Unbound.REFUSE));
    }

    @Test
    void reportsEveryBadValueWithItsLine() {
        ConfigResult result = ConfigLoader.parse("""
                [venue]
                id = "Seoul Hall"
                unbound = "maybe"
                name = "Hall"
                """, FILE);

        assertThat(errors(result)).containsExactly(
                FILE + ":2: venue.id: found \"Seoul Hall\", expected \"\" (no venue) or 1..64 characters from"
                        + " A-Z a-z 0-9 . _ -",
                FILE + ":3: venue.unbound: found \"maybe\", expected one of admit, refuse",
                FILE + ":4: venue.name: found unknown key, expected one of id, unbound");
        assertThat(errors(ConfigLoader.parse("[venue]\nid = \"" + "x".repeat(65) + "\"\n", FILE))).hasSize(1);
        assertThat(errors(ConfigLoader.parse("[venue]\nid = 7\n", FILE))).hasSize(1);
    }

    @Test
    void refusesRefusingUnboundPresentationsWithoutAVenue() {
        ConfigResult result = ConfigLoader.parse("[venue]\nunbound = \"refuse\"\n", FILE);

        assertThat(errors(result)).containsExactly(FILE + ":2: venue.unbound: found \"refuse\" without a venue.id,"
                + " expected a venue.id, or \"admit\"");
    }

    private static VenueConfig venue(String section) {
        ConfigResult result = ConfigLoader.parse("[venue]\n" + section, FILE);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config().venue();
    }

    private static List<String> errors(ConfigResult result) {
        return result instanceof ConfigResult.Invalid invalid
                ? invalid.errors().stream().map(ConfigError::toString).toList() : List.of();
    }
}
