package dev.passgate.daemon.revocation;

import java.time.Instant;

/**
 * One revoked pass, as a trust bundle hands it to the revocation store.
 *
 * <p>{@code scope} says whose list the entry belongs to: for the three DCC kinds {@code COUNTRY/KID} (the
 * issuing country's two letters, a slash, the signer's key id in base64, e.g. {@code DE/n+Vd6ZJdZI4=}); for
 * {@link Kind#SHC_RID} {@code ISS#KID} (the issuer URL, a hash sign, the key id). {@code key} is, for the DCC
 * kinds, the 16-byte prefix of the SHA-256 hash the EU revocation lists use (of the UCI, of country code + UCI, or
 * of the signature); for {@link Kind#SHC_RID} the ASCII bytes of the revocation id as the issuer's list writes it,
 * without its timestamp. {@code revokedSince} is null unless the list gave a time; a SMART Health Card issued
 * before that time is revoked, one issued after it is not. The array is not copied: callers must not change it.
 */
public record RevocationEntry(RevocationEntry.Kind kind, String scope, byte[] key, Instant revokedSince) {

    /** What {@code key} was derived from. */
    public enum Kind { DCC_UCI, DCC_COUNTRYCODEUCI, DCC_SIGNATURE, SHC_RID }
}
