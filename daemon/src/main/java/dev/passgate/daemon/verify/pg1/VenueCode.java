package dev.passgate.daemon.verify.pg1;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The venue's entrance code: the text of the QR code printed at a venue's entrance, which the holder's app scans
 * to learn the venue id it signs into each PG1 presentation (version 2, drawn in {@link Pg1Verifier}).
 *
 * <pre>
 *   "PGV1:" venue-id          venue-id = 1..64 characters from A-Z a-z 0-9 . _ -
 * </pre>
 *
 * The code is not signed: a forged poster can only make a holder's own presentations fail at the real venue
 * ({@code WRONG_VENUE}), never make a kiosk admit anything. The id is not personal data.
 */
public final class VenueCode {
    public static final String PREFIX = "PGV1:";
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MAX_ID_LENGTH = 64;

    private VenueCode() {
    }

    /** The entrance QR text for {@code venueId}, which must match {@link #ID_PATTERN}. */
    public static String text(String venueId) {
        if (!ID_PATTERN.matcher(venueId).matches()) {
            throw new IllegalArgumentException("venue id: found \"" + venueId + "\", expected " + ID_PATTERN);
        }
        return PREFIX + venueId;
    }

    /**
     * The venue id in {@code scanned}: the entrance QR text ({@code PGV1:id}) or a bare id; empty when it is
     * neither (too long, other characters).
     */
    public static Optional<String> id(String scanned) {
        if (scanned.length() > PREFIX.length() + MAX_ID_LENGTH) {
            return Optional.empty();
        }
        String id = scanned.startsWith(PREFIX) ? scanned.substring(PREFIX.length()) : scanned;
        return ID_PATTERN.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
}
