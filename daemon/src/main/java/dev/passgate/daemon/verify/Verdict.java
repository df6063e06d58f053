package dev.passgate.daemon.verify;

/**
 * The decision about one scanned code. The names are stable codes: they are written to the entry log, printed
 * by {@code passgate verify} and read by external acceptance checks, so a code is never renamed or removed.
 */
public enum Verdict {
    VALID,
    MALFORMED,
    UNSUPPORTED,
    UNKNOWN_ISSUER,
    INVALID_SIGNATURE,
    KEY_USAGE,
    NOT_YET_VALID,
    EXPIRED,
    REVOKED,
    POLICY_REJECTED,
    STALE,
    REPLAYED,
    CLOCK_UNTRUSTED,
    /** The pass checks out, but the kiosk's trust data is expired and the kiosk fails closed. */
    TRUST_EXPIRED,
    /** The pass checks out, but the kiosk's trust data is degraded and staff must confirm the pass. */
    CONFIRM_REQUIRED,
    /** A PG1 presentation signed for another venue than the kiosk's (or for none, when the kiosk refuses those). */
    WRONG_VENUE,
    /**
     * Not a verifier's answer: the signal while an outcome {@code [staff] confirm} names waits for the staff button
     * or a staff card. Never written to the entry log.
     */
    STAFF_WAITING,
    /** Not a verifier's answer: staff confirmed a waiting entry (button or staff card); the door opened. */
    STAFF_CONFIRMED,
    /** Not a verifier's answer: no staff confirmed a waiting entry within the window; refused. */
    STAFF_TIMED_OUT,
    /** Not a verifier's answer: another code was scanned while an entry waited; the wait ended refused. */
    STAFF_CANCELLED
}
