package dev.passgate.config;

import java.util.List;
import java.util.Objects;

/**
 * What the entry log keeps of each scanned field: {@code [entry_log.fields]} in the file.
 *
 * <p>{@code holder} is the pass holder: {@code none} keeps nothing, {@code pseudonymous} (the default) keeps the
 * per-site HMAC pseudonym, {@code full} keeps the pseudonym and the normalised identity (names and date of
 * birth), which only a venue under a duty to keep a guest list should choose. {@code issuer} is the signer's key
 * id and {@code certificateType} the pass type ({@code v}, {@code t} or {@code r}); both accept only {@code none}
 * and {@code full}, since a key id is public (a pseudonym of it is reversed by looking it up in the published
 * trust lists) and a pseudonym of three values hides nothing. No level stores the scanned text.
 */
public record EntryFieldsConfig(FieldLevel holder, FieldLevel issuer, FieldLevel certificateType) {

    /** The levels {@code issuer} and {@code certificate_type} accept. */
    public static final List<FieldLevel> PUBLIC_FIELD_LEVELS = List.of(FieldLevel.NONE, FieldLevel.FULL);
    /** The fields section with every value at its default: pseudonymous holder, issuer key id, no pass type. */
    public static final EntryFieldsConfig DEFAULTS =
            new EntryFieldsConfig(FieldLevel.PSEUDONYMOUS, FieldLevel.FULL, FieldLevel.NONE);

    /** Rejects a missing level, or a pseudonymous issuer or certificate type. */
    public EntryFieldsConfig {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(certificateType, "certificateType");
        if (!PUBLIC_FIELD_LEVELS.contains(issuer)) {
            throw new IllegalArgumentException("issuer: found " + issuer + ", expected one of " + PUBLIC_FIELD_LEVELS);
        }
        if (!PUBLIC_FIELD_LEVELS.contains(certificateType)) {
            throw new IllegalArgumentException("certificateType: found " + certificateType + ", expected one of "
                    + PUBLIC_FIELD_LEVELS);
        }
    }
}
