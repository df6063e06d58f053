package dev.passgate.config;

import java.util.List;

/**
 * The stable verdict codes a scan can end in, in the order the audit log and the configuration list them.
 * The configuration keys {@code [feedback.verdicts.CODE]} must be one of these codes, spelled exactly so.
 * This class only names the codes; what each one means is decided by the verifier in the daemon. The four
 * {@code STAFF_*} codes are never a verifier's answer: staff confirmation gives them ({@link StaffConfig}), the
 * first as the "waiting for staff" signal, the other three as the final outcome of a wait.
 */
public final class Verdicts {

    /** Every verdict code, in canonical order. */
    public static final List<String> CODES = List.of(
            "VALID", "MALFORMED", "UNSUPPORTED", "UNKNOWN_ISSUER", "INVALID_SIGNATURE", "KEY_USAGE",
            "NOT_YET_VALID", "EXPIRED", "REVOKED", "POLICY_REJECTED", "STALE", "REPLAYED", "CLOCK_UNTRUSTED",
            "TRUST_EXPIRED", "CONFIRM_REQUIRED", "WRONG_VENUE", "STAFF_WAITING", "STAFF_CONFIRMED", "STAFF_TIMED_OUT",
            "STAFF_CANCELLED");

    private Verdicts() {
    }
}
