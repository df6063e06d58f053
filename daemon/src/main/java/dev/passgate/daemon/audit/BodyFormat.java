package dev.passgate.daemon.audit;

/**
 * How a record's body is stored, as its {@link #code} in the {@code body_format} column; hashed into the chain.
 * Codes are never reused or renumbered.
 */
public enum BodyFormat {
    /** A CBOR map, readable by anyone who has the file. */
    CBOR(0),
    /** The same CBOR map sealed with AES-256-GCM: 12-byte nonce, ciphertext, 16-byte tag. */
    AES_GCM_CBOR(1);

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
        throw new IllegalArgumentException("body format " + code + " is not one of 0 (CBOR), 1 (AES_GCM_CBOR)");
    }
}
