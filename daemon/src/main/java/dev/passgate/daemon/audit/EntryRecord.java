package dev.passgate.daemon.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What the entry log keeps about one scan. Every field is bounded so that a row has a known maximum size and so
 * that personal data has nowhere to go by mistake: there is no field for the scanned text, and the only field for
 * a person's name and date of birth is {@code holderIdentity}, which {@link Minimisation} fills only at the
 * {@code full} level a venue must choose on purpose.
 *
 * <p>{@code wallTime} is kept to the millisecond (the constructor drops anything finer), so a record read back
 * from the log equals the one appended. {@code monotonicNanos} is the daemon's monotonic time at the scan and is
 * only comparable within one daemon run. {@code verdict} and {@code format} are stable codes of 1 to 32 characters
 * from {@code [A-Z0-9_]}, such as {@code VALID} or {@code HC1}. {@code issuerKeyId} (the signer's key id, printable
 * ASCII, at most 128 characters) and {@code holderId} (a {@link HolderPseudonyms} pseudonym: lowercase hex, at most
 * 128 characters) may be null. Requiring hex for {@code holderId} means a name cannot be stored there by mistake.
 * {@code certificateType} (the pass type, such as {@code v}, 1 to 8 characters from {@code [a-z]}) and
 * {@code holderIdentity} (the normalised identity, 1 to 256 characters without control characters) may be null
 * and are null unless the venue chose to keep them. A value outside these bounds is a bug in the caller and is
 * refused with {@link IllegalArgumentException}; neither the message nor {@link #toString} ever shows the holder
 * id or the holder identity. {@code replayDigest} (lowercase hex, at most 64 characters, may be null) is a keyed
 * digest of the replay-cache key of an admitted PG1 presentation ({@link Minimisation#replayDigest}): no personal
 * data, useless off the kiosk, kept so that a damaged replay cache can be rebuilt from the log. {@code staff} (may
 * be null) is present only in the record of a staff wait's final outcome: what staff did, and which record waited.
 * {@code sitePeer} (a device id, 1 to 64 characters from {@code [A-Za-z0-9._-]}, may be null) names the kiosk of the
 * same site whose earlier admission this decision refused through the site window ({@code REPLAYED}).
 */
public record EntryRecord(Instant wallTime, long monotonicNanos, String verdict, String format, String issuerKeyId,
                          String certificateType, String holderId, String holderIdentity, boolean clockTrusted,
                          String replayDigest, StaffAction staff, String sitePeer)
        implements LogRecord {
    public static final int MAX_REPLAY_DIGEST_LENGTH = 64;
    public static final int MAX_CODE_LENGTH = 32;
    public static final int MAX_ISSUER_KEY_ID_LENGTH = 128;
    public static final int MAX_CERTIFICATE_TYPE_LENGTH = 8;
    public static final int MAX_HOLDER_ID_LENGTH = 128;
    public static final int MAX_HOLDER_IDENTITY_LENGTH = 256;

    /** A record with neither the pass type nor the holder identity, the fields kept by default. */
    public EntryRecord(Instant wallTime, long monotonicNanos, String verdict, String format, String issuerKeyId,
                       String holderId, boolean clockTrusted) {
        this(wallTime, monotonicNanos, verdict, format, issuerKeyId, null, holderId, null, clockTrusted);
    }

    /** A record without a replay digest (every scan but an admitted PG1 presentation). */
    public EntryRecord(Instant wallTime, long monotonicNanos, String verdict, String format, String issuerKeyId,
                       String certificateType, String holderId, String holderIdentity, boolean clockTrusted) {
        this(wallTime, monotonicNanos, verdict, format, issuerKeyId, certificateType, holderId, holderIdentity,
                clockTrusted, null);
    }

    /** A record that is neither a staff wait's outcome nor a site-window refusal. */
    public EntryRecord(Instant wallTime, long monotonicNanos, String verdict, String format, String issuerKeyId,
                       String certificateType, String holderId, String holderIdentity, boolean clockTrusted,
                       String replayDigest) {
        this(wallTime, monotonicNanos, verdict, format, issuerKeyId, certificateType, holderId, holderIdentity,
                clockTrusted, replayDigest, null, null);
    }

    /** A copy carrying {@code digest} as its replay digest. */
    public EntryRecord withReplayDigest(String digest) {
        return new EntryRecord(wallTime, monotonicNanos, verdict, format, issuerKeyId, certificateType, holderId,
                holderIdentity, clockTrusted, digest, staff, sitePeer);
    }

    /** A copy carrying what staff did about a wait, for the record of the wait's final outcome. */
    public EntryRecord withStaff(StaffAction action) {
        return new EntryRecord(wallTime, monotonicNanos, verdict, format, issuerKeyId, certificateType, holderId,
                holderIdentity, clockTrusted, replayDigest, action, sitePeer);
    }

    /** A copy naming {@code peer}, the site kiosk whose earlier admission this decision refused. */
    public EntryRecord withSitePeer(String peer) {
        return new EntryRecord(wallTime, monotonicNanos, verdict, format, issuerKeyId, certificateType, holderId,
                holderIdentity, clockTrusted, replayDigest, staff, peer);
    }

    public EntryRecord {
        Objects.requireNonNull(wallTime, "wallTime");
        wallTime = wallTime.truncatedTo(ChronoUnit.MILLIS);
        requireEpochMillis(wallTime);
        requireCode("verdict", verdict);
        requireCode("format", format);
        if (issuerKeyId != null) {
            requireIssuerKeyId(issuerKeyId);
        }
        if (certificateType != null) {
            requireCertificateType(certificateType);
        }
        if (holderId != null) {
            requireHolderId(holderId);
        }
        if (holderIdentity != null) {
            requireHolderIdentity(holderIdentity);
        }
        if (replayDigest != null && !isReplayDigest(replayDigest)) {
            throw new IllegalArgumentException("replayDigest must be 1 to " + MAX_REPLAY_DIGEST_LENGTH
                    + " lowercase hex characters, found " + replayDigest.length() + " chars that are not");
        }
        if (sitePeer != null && !isSitePeer(sitePeer)) {
            throw new IllegalArgumentException("sitePeer must be a device id of 1 to 64 characters from"
                    + " [A-Za-z0-9._-], found \"" + printable(sitePeer) + "\"");
        }
    }

    static boolean isSitePeer(String peer) {
        return peer.matches("[A-Za-z0-9._-]{1,64}");
    }

    static boolean isReplayDigest(String digest) {
        return !digest.isEmpty() && digest.length() <= MAX_REPLAY_DIGEST_LENGTH
                && digest.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    @Override
    public RecordKind kind() {
        return RecordKind.ENTRY;
    }

    /** Shows every field but the holder id and identity, which are replaced by whether they are present. */
    @Override
    public String toString() {
        return "EntryRecord[wallTime=" + wallTime + ", monotonicNanos=" + monotonicNanos + ", verdict=" + verdict
                + ", format=" + format + ", issuerKeyId=" + issuerKeyId + ", certificateType=" + certificateType
                + ", holderId=" + (holderId == null ? "absent" : "present") + ", holderIdentity="
                + (holderIdentity == null ? "absent" : "present") + ", clockTrusted=" + clockTrusted + ", replayDigest="
                + (replayDigest == null ? "absent" : "present") + (staff == null ? "" : ", staff=" + staff)
                + (sitePeer == null ? "" : ", sitePeer=" + sitePeer) + "]";
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

    static boolean isIssuerKeyId(String kid) {
        return !kid.isEmpty() && kid.length() <= MAX_ISSUER_KEY_ID_LENGTH
                && kid.chars().allMatch(c -> c > ' ' && c < 0x7f);
    }

    static boolean isCertificateType(String type) {
        return !type.isEmpty() && type.length() <= MAX_CERTIFICATE_TYPE_LENGTH
                && type.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }

    static boolean isHolderIdentity(String identity) {
        return !identity.isEmpty() && identity.length() <= MAX_HOLDER_IDENTITY_LENGTH
                && identity.chars().noneMatch(Character::isISOControl);
    }

    private static void requireIssuerKeyId(String kid) {
        if (!isIssuerKeyId(kid)) {
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

    private static void requireCertificateType(String type) {
        if (!isCertificateType(type)) {
            throw new IllegalArgumentException("certificateType must be 1 to " + MAX_CERTIFICATE_TYPE_LENGTH
                    + " characters from [a-z], found \"" + printable(type) + "\" (" + type.length() + " chars)");
        }
    }

    private static void requireHolderIdentity(String identity) {
        if (!isHolderIdentity(identity)) {
            throw new IllegalArgumentException("holderIdentity must be 1 to " + MAX_HOLDER_IDENTITY_LENGTH
                    + " characters without control characters, found " + identity.length()
                    + " chars that are not; the value is not shown because it is personal data");
        }
    }

    /** Shows at most 40 characters, with anything outside printable ASCII replaced by '?'. */
    private static String printable(String value) {
        StringBuilder shown = new StringBuilder();
        value.chars().limit(40).forEach(c -> shown.append(c >= ' ' && c < 0x7f ? (char) c : '?'));
        return value.length() > 40 ? shown + "..." : shown.toString();
    }
}
