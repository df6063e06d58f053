package dev.passgate.daemon.verify.pg1;

import java.util.Objects;
import java.util.Optional;

/**
 * Which venue a kiosk admits PG1 presentations for: none ({@link #NONE}, every presentation is admitted wherever
 * it was signed for), or {@code venueId}, refusing a presentation signed for another venue, and one that names no
 * venue when {@code refuseUnbound}.
 */
public record VenueRule(Optional<String> venueId, boolean refuseUnbound) {
    /** No venue: the {@code venue} step is not run. */
    public static final VenueRule NONE = new VenueRule(Optional.empty(), false);

    /** Rejects a missing value or an id outside {@link VenueCode#ID_PATTERN}. */
    public VenueRule {
        Objects.requireNonNull(venueId, "venueId");
        venueId.ifPresent(VenueCode::text);
    }

    /**
     * Why a presentation signed for {@code presented} is refused here, or empty when it is admitted (or when this
     * rule has no venue).
     */
    Optional<String> refusal(Optional<String> presented) {
        if (venueId.isEmpty()) {
            return Optional.empty();
        }
        String here = venueId.get();
        if (presented.isEmpty()) {
            return refuseUnbound ? Optional.of("the presentation names no venue, and this kiosk (venue " + here
                    + ") refuses those (venue.unbound = \"refuse\")") : Optional.empty();
        }
        return presented.get().equals(here) ? Optional.empty() : Optional.of("the presentation was signed for venue "
                + presented.get() + ", this kiosk is venue " + here);
    }
}
