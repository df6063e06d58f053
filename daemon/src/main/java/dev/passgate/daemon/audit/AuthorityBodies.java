package dev.passgate.daemon.audit;

import java.util.Optional;

/**
 * Reads the body of a row received from a kiosk, for the authority's export: ENTRY bodies sealed to the authority
 * ({@link BodyFormat#AUTHORITY_CBOR}, {@link BodyFormat#AES_GCM_AND_AUTHORITY_CBOR}) open with its private key; GAP
 * and RESTART bodies are in clear. Without the key, or for a body sealed only with a kiosk's data key, nothing of an
 * ENTRY body is readable here, which is the point.
 */
public final class AuthorityBodies {
    private AuthorityBodies() {
    }

    /** Who can read a row's body. */
    public enum Sealing {
        /** Stored in clear (an unsealed log, or a GAP or RESTART marker). */
        CLEAR,
        /** Sealed with the kiosk's data key only: unreadable off the venue. */
        DATA_KEY,
        /** Sealed to the authority (and perhaps also with the data key). */
        AUTHORITY
    }

    public static Sealing sealing(ChainRecord row) {
        return switch (row.bodyFormat()) {
            case CBOR -> Sealing.CLEAR;
            case AES_GCM_CBOR -> Sealing.DATA_KEY;
            case AUTHORITY_CBOR, AES_GCM_AND_AUTHORITY_CBOR -> Sealing.AUTHORITY;
        };
    }

    /**
     * The record {@code row} holds, opened with {@code key} when it is sealed to the authority; an
     * {@link IllegalArgumentException} says why a body cannot be read (no key, another key, a changed row).
     */
    public static LogRecord read(ChainRecord row, Optional<AuthorityPrivateKey> key) {
        return new BodyCodec(null, null, key.orElse(null)).decode(row);
    }
}
