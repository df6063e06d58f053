package dev.passgate.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schema of {@code [venue]}: {@code id} ("" or 1..64 characters from A-Z a-z 0-9 . _ -) and {@code unbound}
 * ({@code admit} or {@code refuse}); {@code unbound = "refuse"} without an id is an error, since it would refuse
 * nothing.
 */
final class VenueReader {
    private static final Pattern ID_OR_EMPTY = Pattern.compile("|" + VenueConfig.ID_PATTERN.pattern());
    private static final String ID_EXPECTED = "\"\" (no venue) or 1..64 characters from A-Z a-z 0-9 . _ -";

    private final TomlFields fields;

    VenueReader(TomlFields fields) {
        this.fields = fields;
    }

    VenueConfig venue() {
        fields.table("venue", List.of("id", "unbound"));
        String id = fields.text("venue.id", ID_OR_EMPTY, ID_EXPECTED, "");
        Map<String, VenueConfig.Unbound> modes = new LinkedHashMap<>();
        for (VenueConfig.Unbound mode : VenueConfig.Unbound.values()) {
            modes.put(mode.name().toLowerCase(Locale.ROOT), mode);
        }
        VenueConfig.Unbound unbound = fields.choice("venue.unbound", modes, VenueConfig.DEFAULTS.unbound());
        if (id.isEmpty() && unbound == VenueConfig.Unbound.REFUSE && !fields.failed("venue.id")) {
            fields.fail("venue.unbound", "\"refuse\" without a venue.id", "a venue.id, or \"admit\"");
        }
        return new VenueConfig(id.isEmpty() ? Optional.empty() : Optional.of(id), unbound);
    }
}
