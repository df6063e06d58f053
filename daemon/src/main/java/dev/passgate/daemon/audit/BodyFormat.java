package dev.passgate.daemon.audit;

/**
 * How a record's body is stored, as its {@link #code} in the {@code body_format} column; hashed into the chain.
 * Codes are never reused or renumbered.
 */
public enum BodyFormat {
    /** A CBOR map, readable by anyone who has the file. */
    CBOR(0),
    /** The same CBOR map sealed with AES-256-GCM: 12-byte nonce, ciphertext, 16-byte tag. */
    AES_GCM_CBOR(1),
    /** The CBOR map sealed to the authority's X25519 key with HPKE ({@link AuthorityKey}); the kiosk cannot open it. */
    AUTHORITY_CBOR(2),
    /**
     * Both: {@code u16 len(local) || local || authority}, where {@code local} is the {@link #AES_GCM_CBOR} form under
     * the data key and {@code authority} the {@link #AUTHORITY_CBOR} form of the same map.
     */
    AES_GCM_AND_AUTHORITY_CBOR(3);

    private final int code;

    BodyFormat(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The format stored as {@code code}; an unknown code is a row this build cannot read. */
    public static BodyFormat ofCode(int code) {
        for (BodyFormat format : values()) {
            if (format.code == code) {
                return format;
            }
        }
        throw new IllegalArgumentException("body format " + code + " is not one of 0 (CBOR), 1 (AES_GCM_CBOR),"
                + " 2 (AUTHORITY_CBOR), 3 (AES_GCM_AND_AUTHORITY_CBOR)");
    }
}
