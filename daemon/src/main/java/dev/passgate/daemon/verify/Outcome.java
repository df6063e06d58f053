package dev.passgate.daemon.verify;

import java.util.Map;
import java.util.Optional;

/**
 * What verification decided about one code: the verdict, the steps that were evaluated, one sentence for a
 * technician, and the few facts the entry log keeps. {@code holder} is the normalised identity of the holder,
 * kept only so that the entry log can derive a pseudonym from it; it is never printed or logged.
 */
public record Outcome(Verdict verdict, Format format, Map<String, Boolean> checks, String reason,
                      String issuerKeyId, String certificateType, String holder) {

    public static Outcome of(Verdict verdict, Format format, Checks checks, String reason) {
        return new Outcome(verdict, format, checks.asMap(), reason, null, null, null);
    }

    public boolean valid() {
        return verdict == Verdict.VALID;
    }

    public Optional<String> holderIdentity() {
        return Optional.ofNullable(holder);
    }

    public Outcome withFacts(String kid, String type, String holderIdentity) {
        return new Outcome(verdict, format, checks, reason, kid, type, holderIdentity);
    }

    public Outcome withVerdict(Verdict newVerdict, String newReason) {
        return new Outcome(newVerdict, format, checks, newReason, issuerKeyId, certificateType, holder);
    }
}
