package dev.passgate.daemon.revocation;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One revoked pass, as a trust bundle lists it and {@link RevocationStore} keeps it.
 *
 * <p>{@code kind} says what {@code key} identifies. For the three DCC kinds, {@code key} is the first 16 bytes of a
 * SHA-256 hash computed as {@link DccRevocationKeys} describes, and {@code scope} is the issuing country code of the
 * list, {@code ""} when the list applies to every country, or {@code COUNTRY/KID} for an EU revocation batch of one
 * document signer as a trust bundle carries it. For {@link Kind#SHC_RID}, {@code key} is the UTF-8
 * bytes of the card's base64url {@code rid} and {@code scope} is the issuer's {@code iss} URL, {@code "#"} and the
 * key id whose revocation list named it. {@code revokedSince} is optional; a SMART Health Cards list gives it for a
 * rid with a timestamp, and then only cards issued before it are revoked ({@link #revokesIssuedAt}).
 *
 * <p>The record validates its bounds on construction and copies {@code key} in and out, so an entry is immutable;
 * equality compares the key's bytes.
 */
public record RevocationEntry(Kind kind, String scope, byte[] key, Instant revokedSince) {
    /** The length of a DCC key: SHA-256 truncated to 128 bits. */
    public static final int DCC_KEY_BYTES = 16;
    /** The longest SHC rid accepted; the SMART specification recommends at most 24 characters. */
    public static final int MAX_RID_BYTES = 64;
    /** The longest scope accepted, in characters. */
    public static final int MAX_SCOPE_LENGTH = 512;

    /** What the key of an entry identifies. The codes are stable: {@link RevocationStore} writes them to disk. */
    public enum Kind {
        /** SHA-256 of the UCI ({@code ci}), first 16 bytes. */
        DCC_UCI(1),
        /** SHA-256 of the issuing country code followed by the UCI, first 16 bytes. */
        DCC_COUNTRYCODEUCI(2),
        /** SHA-256 of the COSE signature (only r for ECDSA), first 16 bytes. */
        DCC_SIGNATURE(3),
        /** A SMART Health Card's revocation id ({@code rid}). */
        SHC_RID(4);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The number that stands for this kind in the store's {@code kind} column. */
        public int code() {
            return code;
        }

        public boolean dcc() {
            return this != SHC_RID;
        }

        /** The kind with the given store code. */
        public static Kind ofCode(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("revocation kind code: found " + code + ", expected 1 to 4");
        }
    }

    public RevocationEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        if (scope.length() > MAX_SCOPE_LENGTH) {
            throw new IllegalArgumentException("revocation scope has " + scope.length()
                    + " characters, expected at most " + MAX_SCOPE_LENGTH);
        }
        if (kind.dcc() && key.length != DCC_KEY_BYTES) {
            throw new IllegalArgumentException(kind + " key has " + key.length + " bytes, expected "
                    + DCC_KEY_BYTES);
        }
        if (!kind.dcc() && (key.length == 0 || key.length > MAX_RID_BYTES)) {
            throw new IllegalArgumentException("SHC rid has " + key.length + " bytes, expected 1 to "
                    + MAX_RID_BYTES);
        }
        if (!kind.dcc() && scope.isEmpty()) {
            throw new IllegalArgumentException("SHC rid entry has an empty scope, expected iss#kid");
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /**
     * Whether this entry revokes a pass issued at {@code issuedAt}: always when it has no {@code revokedSince},
     * else only when the pass was issued strictly before that instant (the SMART rule for a rid with a
     * timestamp). A pass without an issue time counts as revoked.
     */
    public boolean revokesIssuedAt(Instant issuedAt) {
        return revokedSince == null || issuedAt == null || issuedAt.isBefore(revokedSince);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RevocationEntry that && kind == that.kind && scope.equals(that.scope)
                && Arrays.equals(key, that.key) && Objects.equals(revokedSince, that.revokedSince);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, scope, Arrays.hashCode(key), revokedSince);
    }

    @Override
    public String toString() {
        return "RevocationEntry[" + kind + " scope=" + scope + " key=" + HexFormat.of().formatHex(key)
                + (revokedSince == null ? "" : " since=" + revokedSince) + "]";
    }
}
