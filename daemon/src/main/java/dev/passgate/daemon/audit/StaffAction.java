package dev.passgate.daemon.audit;

import java.util.Objects;

/**
 * What staff did about an entry that waited for them, kept in the ENTRY record of the wait's final outcome
 * ({@code STAFF_CONFIRMED}, {@code STAFF_TIMED_OUT} or {@code STAFF_CANCELLED}). {@code by} is {@link #BUTTON},
 * {@link #CARD} or {@link #NONE} (nobody acted: timed out or cancelled). {@code card} is the staff card holder's
 * pseudonym ({@link HolderPseudonyms}, lowercase hex, at most 128 characters), present only with {@link #CARD}.
 * {@code forSequence} is the sequence number of the ENTRY record that waited (0 when that record could not be
 * written) and {@code forVerdict} its verdict code, so the pair can be read even where the first record is gone.
 * Stored as the body keys {@code staff}, {@code staff_card}, {@code staff_for_seq} and {@code staff_for}.
 */
public record StaffAction(String by, String card, long forSequence, String forVerdict) {
    public static final String BUTTON = "BUTTON";
    public static final String CARD = "CARD";
    public static final String NONE = "NONE";

    /** Rejects an unknown actor, a card without {@link #CARD} or out of shape, and a bad sequence or code. */
    public StaffAction {
        Objects.requireNonNull(by, "by");
        if (!by.equals(BUTTON) && !by.equals(CARD) && !by.equals(NONE)) {
            throw new IllegalArgumentException("staff action by must be BUTTON, CARD or NONE, found \""
                    + (by.length() > 16 ? by.substring(0, 16) + "..." : by) + "\"");
        }
        if (card != null && (!by.equals(CARD) || !isPseudonym(card))) {
            throw new IllegalArgumentException("staff card must be a pseudonym (1 to "
                    + EntryRecord.MAX_HOLDER_ID_LENGTH + " lowercase hex characters) given with CARD; found "
                    + card.length() + " chars with " + by + "; the value is not shown");
        }
        if (forSequence < 0) {
            throw new IllegalArgumentException("staff forSequence must be at least 0, found " + forSequence);
        }
        Objects.requireNonNull(forVerdict, "forVerdict");
        boolean code = !forVerdict.isEmpty() && forVerdict.length() <= EntryRecord.MAX_CODE_LENGTH
                && forVerdict.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
        if (!code) {
            throw new IllegalArgumentException("staff forVerdict must be a verdict code, found "
                    + forVerdict.length() + " chars that are not");
        }
    }

    private static boolean isPseudonym(String value) {
        return !value.isEmpty() && value.length() <= EntryRecord.MAX_HOLDER_ID_LENGTH
                && value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    /** Shows everything but the card pseudonym, replaced by whether it is present. */
    @Override
    public String toString() {
        return "StaffAction[by=" + by + ", card=" + (card == null ? "absent" : "present") + ", forSequence="
                + forSequence + ", forVerdict=" + forVerdict + "]";
    }
}
