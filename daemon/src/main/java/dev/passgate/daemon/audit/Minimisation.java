package dev.passgate.daemon.audit;

import dev.passgate.config.EntryFieldsConfig;
import dev.passgate.config.FieldLevel;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import org.tinylog.Logger;

/**
 * Decides what of a scan the entry log keeps, field by field, from the configured levels
 * ({@link EntryFieldsConfig}); the scan path hands it everything and stores only what it returns.
 * <pre>
 * field             none      pseudonymous                          full
 * holder            nothing   holderId = HolderPseudonyms pseudonym holderId and holderIdentity (normalised
 *                                                                   names and date of birth)
 * issuer            nothing   (not accepted)                        issuerKeyId
 * certificate type  nothing   (not accepted)                        certificateType (v, t or r)
 * </pre>
 * Verdict, format, times and whether the clock was trusted are always kept; the scanned text never is. A value
 * that does not fit its field's bounds (an over-long key id from a crafted pass, say) is left out and the fact
 * logged without the value, so the gate never fails on a record. Instances are immutable and thread-safe.
 */
public final class Minimisation {
    private final HolderPseudonyms pseudonyms;
    private final EntryFieldsConfig levels;

    public Minimisation(HolderPseudonyms pseudonyms, EntryFieldsConfig levels) {
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.levels = Objects.requireNonNull(levels, "levels");
    }

    /** The default levels: pseudonymous holder, issuer key id kept, no certificate type. */
    public static Minimisation defaults(HolderPseudonyms pseudonyms) {
        return new Minimisation(pseudonyms, EntryFieldsConfig.DEFAULTS);
    }

    /**
     * The holder's pseudonym whatever the stored level, for decisions that must recognise a person without
     * keeping who it is (anti-passback); null when the pass names nobody.
     */
    public String pseudonym(String holderIdentity) {
        return holderIdentity == null || holderIdentity.isEmpty() ? null : pseudonyms.of(holderIdentity);
    }

    /** The keyed digest of a PG1 replay-cache key, kept whatever the levels: it holds no personal data. */
    public String replayDigest(String replayKey) {
        return pseudonyms.replayDigest(replayKey);
    }

    /** The record to store for one scan; {@code holderIdentity} is the normalised identity, or null. */
    public EntryRecord record(Instant wallTime, long monotonicNanos, String verdict, String format,
                              String issuerKeyId, String certificateType, String holderIdentity, boolean clockTrusted) {
        String holderId = null;
        String identity = null;
        if (holderIdentity != null && !holderIdentity.isEmpty() && levels.holder() != FieldLevel.NONE) {
            holderId = pseudonyms.of(holderIdentity);
            if (levels.holder() == FieldLevel.FULL) {
                identity = fitting("holder identity", holderIdentity, EntryRecord::isHolderIdentity);
            }
        }
        String issuer = levels.issuer() == FieldLevel.FULL
                ? fitting("issuer key id", issuerKeyId, EntryRecord::isIssuerKeyId) : null;
        String type = levels.certificateType() == FieldLevel.FULL
                ? fitting("certificate type", certificateType, EntryRecord::isCertificateType) : null;
        return new EntryRecord(wallTime, monotonicNanos, verdict, format, issuer, type, holderId, identity,
                clockTrusted);
    }

    /** {@code value} if its field accepts it, else null and a log line that does not show the value. */
    private static String fitting(String field, String value, Predicate<String> fits) {
        if (value == null || fits.test(value)) {
            return value;
        }
        Logger.warn("Entry log: a {} of {} chars does not fit the record and is left out", field, value.length());
        return null;
    }
}
