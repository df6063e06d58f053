package dev.passgate.daemon.verify;

import com.upokecenter.cbor.CBORObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What verification decided about one code: the verdict, the steps that were evaluated, one sentence for a
 * technician, and the facts later stages need. {@code holder} is the normalised identity of the holder, kept only
 * so that the entry log can derive a pseudonym from it; {@code health} is the pass's content in the DCC-shaped
 * model that every format is normalised to ({@code ver}, {@code nam}, {@code dob}, {@code v}/{@code t}/{@code r}
 * entries), read by venue policies. Both are personal data: never printed or logged. {@code replayKey} is the key
 * a PG1 presentation was recorded under in the replay cache (null otherwise), so that the entry log can keep a
 * keyed digest of it and a damaged cache can be rebuilt; it is never printed or logged either.
 */
public record Outcome(Verdict verdict, Format format, Map<String, Boolean> checks, String reason,
                      String issuerKeyId, String certificateType, String holder, CBORObject health,
                      String replayKey) {

    public Outcome(Verdict verdict, Format format, Map<String, Boolean> checks, String reason,
                   String issuerKeyId, String certificateType, String holder, CBORObject health) {
        this(verdict, format, checks, reason, issuerKeyId, certificateType, holder, health, null);
    }

    public static Outcome of(Verdict verdict, Format format, Checks checks, String reason) {
        return new Outcome(verdict, format, checks.asMap(), reason, null, null, null, null);
    }

    public boolean valid() {
        return verdict == Verdict.VALID;
    }

    public Optional<String> holderIdentity() {
        return Optional.ofNullable(holder);
    }

    /** The DCC-shaped health data, when the pass was decoded far enough to have it. */
    public Optional<CBORObject> healthData() {
        return Optional.ofNullable(health);
    }

    public Outcome withFacts(String kid, String type, String holderIdentity, CBORObject healthData) {
        return new Outcome(verdict, format, checks, reason, kid, type, holderIdentity, healthData, replayKey);
    }

    public Outcome withVerdict(Verdict newVerdict, String newReason) {
        return new Outcome(newVerdict, format, checks, newReason, issuerKeyId, certificateType, holder, health,
                replayKey);
    }

    /** A copy with one more evaluated step, for stages after verification (revocation, policy, freshness). */
    public Outcome withCheck(String step, boolean passed) {
        Map<String, Boolean> more = new LinkedHashMap<>(checks);
        more.put(step, passed);
        return new Outcome(verdict, format, Collections.unmodifiableMap(more), reason, issuerKeyId,
                certificateType, holder, health, replayKey);
    }

    /** A copy that names the replay-cache key the presentation was recorded under. */
    public Outcome withReplayKey(String key) {
        return new Outcome(verdict, format, checks, reason, issuerKeyId, certificateType, holder, health, key);
    }
}
