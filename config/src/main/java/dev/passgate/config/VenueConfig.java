package dev.passgate.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The venue this kiosk admits to: {@code [venue]} in the file.
 *
 * <p>{@code id} is the venue id printed in the venue's entrance QR code ({@code passgate venue-qr}); a holder's app
 * signs it into every PG1 presentation it makes there, and a kiosk with an id refuses a presentation signed for
 * another venue ({@code WRONG_VENUE}). Empty means no venue: every presentation is admitted wherever it was signed
 * for, as before venues existed. {@code unbound} decides what a kiosk with an id does with a presentation that
 * names no venue (an app from before venues, or one that has not scanned the entrance QR): {@code ADMIT} (the
 * default, so older apps keep working while holders update) or {@code REFUSE} ({@code WRONG_VENUE}).
 */
public record VenueConfig(Optional<String> id, Unbound unbound) {

    /** What a kiosk with a venue id does with a presentation that names no venue. */
    public enum Unbound { ADMIT, REFUSE }

    /** What a venue id may look like: as a device id, 1 to 64 letters, digits, dots, underscores and hyphens. */
    public static final Pattern ID_PATTERN = DeviceConfig.ID_PATTERN;
    /** No venue: presentations are not checked for one. */
    public static final VenueConfig DEFAULTS = new VenueConfig(Optional.empty(), Unbound.ADMIT);

    /** Rejects a missing value or an id outside {@link #ID_PATTERN}. */
    public VenueConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unbound, "unbound");
        id.ifPresent(value -> {
            if (!ID_PATTERN.matcher(value).matches()) {
                throw new IllegalArgumentException("id: found \"" + value + "\", expected " + ID_PATTERN);
            }
        });
    }
}
