package dev.passgate.daemon.collector;

import java.util.Objects;

/**
 * Why the collector refused a request, as the HTTP status and the machine-readable {@code error} of the JSON answer
 * ({@code docs/collector-api.md}, "Refusals"), with a sentence for the operator. The reason codes are part of the
 * protocol: new ones may be added, none is renamed or dropped. The kiosk backs off on every one of them and sends
 * the same records again later; nothing it holds is marked uploaded.
 */
public record Refusal(int status, String error, String detail) {
    /** Not a protocol 1 batch (malformed, not gzip, counts that differ). */
    public static final String BAD_BATCH = "bad_batch";
    /** The body, compressed or inflated, is over the collector's limit. */
    public static final String TOO_LARGE = "too_large";
    /** The body had not fully arrived by the collector's body deadline (slow loris). */
    public static final String TOO_SLOW = "too_slow";
    /** Too many requests in progress; {@code Retry-After} says when to come back. */
    public static final String BUSY = "busy";
    /** No key is enrolled for the device id and trust on first use is off. */
    public static final String NOT_ENROLLED = "not_enrolled";
    /** The client certificate names another device than the batch (enrolment by certificate). */
    public static final String CERTIFICATE_MISMATCH = "certificate_mismatch";
    /** The batch carries no {@code public_key}. */
    public static final String KEY_MISSING = "key_missing";
    /** The batch carries another key than the one enrolled for the device. */
    public static final String KEY_MISMATCH = "key_mismatch";
    /** The batch carries no header {@code signature}. */
    public static final String SIGNATURE_MISSING = "signature_missing";
    /** The header {@code signature} does not verify under the device's key. */
    public static final String BAD_SIGNATURE = "bad_signature";
    /** A checkpoint's signature does not verify under the device's key. */
    public static final String BAD_CHECKPOINT = "bad_checkpoint";
    /** A record's content does not hash to its {@code hash}. */
    public static final String TAMPERED = "tampered";
    /** Records are not in increasing sequence order. */
    public static final String OUT_OF_ORDER = "out_of_order";
    /** A record links neither to the record before it, nor to the device's genesis, nor to a signed anchor. */
    public static final String UNLINKED = "unlinked";

    public Refusal {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(detail, "detail");
    }

    /** 400 {@link #BAD_BATCH}. */
    public static Refusal badBatch(String detail) {
        return new Refusal(400, BAD_BATCH, detail);
    }

    /** 403: the batch is not the enrolled device's. */
    static Refusal forbidden(String error, String detail) {
        return new Refusal(403, error, detail);
    }

    /** 422: the device's batch does not verify against what the collector holds. */
    static Refusal unverified(String error, String detail) {
        return new Refusal(422, error, detail);
    }
}
