package dev.passgate.daemon.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What the entry log keeps about one scan. Every field is bounded so that a row has a known maximum size and so
 * that personal data has nowhere to go: there is no field for a name, a date of birth or the scanned text.
 *
 * <p>{@code wallTime} is kept to the millisecond (the constructor drops anything finer), so a record read back
 * from the log equals the one appended. {@code monotonicNanos} is the daemon's monotonic time at the scan and is
 * only comparable within one daemon run. {@code verdict} and {@code format} are stable codes of 1 to 32 characters
 * from {@code [A-Z0-9_]}, such as {@code VALID} or {@code HC1}. {@code issuerKeyId} (the signer's key id, printable
 * ASCII, at most 128 characters) and {@code holderId} (a {@link HolderPseudonyms} pseudonym: lowercase hex, at most
 * 128 characters) may be null. Requiring hex for {@code holderId} means a name cannot be stored there by mistake.
 * A value outside these bounds is a bug in the caller and is refused with {@link IllegalArgumentException}; the
 * message never repeats the holder id.
 */
public record EntryRecord(Instant wallTime, long monotonicNanos, String verdict, String format,
                          String issuerKeyId, String holderId, boolean clockTrusted) {
    public static final int MAX_CODE_LENGTH = 32;
    public static final int MAX_ISSUER_KEY_ID_LENGTH = 128;
    public static final int MAX_HOLDER_ID_LENGTH = 128;

    public EntryRecord {
        Objects.requireNonNull(wallTime, "wallTime");
        wallTime = wallTime.truncatedTo(ChronoUnit.MILLIS);
        requireEpochMillis(wallTime);
        requireCode("verdict", verdict);
        requireCode("format", format);
        if (issuerKeyId != null) {
            requireIssuerKeyId(issuerKeyId);
        }
        if (holderId != null) {
            requireHolderId(holderId);
        }
    }

    private static void requireEpochMillis(Instant wallTime) {
        try {
            wallTime.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("wallTime " + wallTime + " does not fit in epoch milliseconds", e);
        }
    }

    private static void requireCode(String field, String code) {
        Objects.requireNonNull(code, field);
        boolean valid = !code.isEmpty() && code.length() <= MAX_CODE_LENGTH
                && code.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
        if (!valid) {
            throw new IllegalArgumentException(field + " must be 1 to " + MAX_CODE_LENGTH
                    + " characters from [A-Z0-9_], found \"" + printable(code) + "\" (" + code.length() + " chars)");
        }
    }

    private static void requireIssuerKeyId(String kid) {
        boolean valid = !kid.isEmpty() && kid.length() <= MAX_ISSUER_KEY_ID_LENGTH
                && kid.chars().allMatch(c -> c > ' ' && c < 0x7f);
        if (!valid) {
            throw new IllegalArgumentException("issuerKeyId must be 1 to " + MAX_ISSUER_KEY_ID_LENGTH
                    + " printable ASCII characters, found \"" + printable(kid) + "\" (" + kid.length() + " chars)");
        }
    }

    private static void requireHolderId(String holderId) {
        boolean valid = !holderId.isEmpty() && holderId.length() <= MAX_HOLDER_ID_LENGTH
                && holderId.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
        if (!valid) {
            throw new IllegalArgumentException("holderId must be 1 to " + MAX_HOLDER_ID_LENGTH
                    + " lowercase hex characters (a pseudonym), found " + holderId.length()
                    + " chars that are not; the value is not shown because it may be personal data");
        }
    }

    /** Shows at most 40 characters, with anything outside printable ASCII replaced by '?'. */
    private static String printable(String value) {
        StringBuilder shown = new StringBuilder();
        value.chars().limit(40).forEach(c -> shown.append(c >= ' ' && c < 0x7f ? (char) c : '?'));
        return value.length() > 40 ? shown + "..." : shown.toString();
    }
}
