package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.trust.TrustStatus;
import dev.passgate.daemon.verify.Outcome;
import java.time.Instant;
import java.util.Optional;

/**
 * The JSON answer of {@code passgate verify} for one input. Fields are an interface for external checks:
 * {@code id}, {@code verdict}, {@code format}, {@code checks}, {@code reason}, then the extensions {@code kid}
 * (base64 key id, when known), {@code type} (v/t/r, when known), {@code at} (the instant used) and {@code trust}
 * (when trust comes from a bundle: its state, version, age in seconds and override end, see {@link TrustStatus}).
 * Fields are only ever added, never renamed or removed. No personal data is written.
 */
final class Answers {
    private Answers() {
    }

    static String of(CBORObject id, Outcome outcome, Instant at) {
        return of(id, outcome, at, Optional.empty());
    }

    /** The answer, with the {@code trust} extension when trust comes from a bundle. */
    static String of(CBORObject id, Outcome outcome, Instant at, Optional<TrustStatus> trust) {
        CBORObject answer = CBORObject.NewOrderedMap();
        answer.Add("id", id == null ? CBORObject.Null : id);
        answer.Add("verdict", outcome.verdict().name());
        answer.Add("format", outcome.format().name());
        CBORObject checks = CBORObject.NewOrderedMap();
        outcome.checks().forEach(checks::Add);
        answer.Add("checks", checks);
        answer.Add("reason", outcome.reason());
        if (outcome.issuerKeyId() != null) {
            answer.Add("kid", outcome.issuerKeyId());
        }
        if (outcome.certificateType() != null && !outcome.certificateType().isEmpty()) {
            answer.Add("type", outcome.certificateType());
        }
        answer.Add("at", at.toString());
        trust.ifPresent(status -> answer.Add("trust", status.toJson()));
        return answer.ToJSONString();
    }

    static String error(CBORObject id, String message) {
        CBORObject answer = CBORObject.NewOrderedMap();
        answer.Add("id", id == null ? CBORObject.Null : id);
        answer.Add("error", message);
        return answer.ToJSONString();
    }
}
