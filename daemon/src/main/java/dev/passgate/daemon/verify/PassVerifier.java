package dev.passgate.daemon.verify;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.revocation.Revocations;
import java.time.Instant;

/**
 * The single entry point for deciding a scanned code offline: bounds the input, picks the verifier by prefix,
 * then applies the venue policy. Never throws for any input text; every text gets an outcome.
 */
public final class PassVerifier {
    private final Limits limits;
    private final Hc1Verifier hc1;

    public PassVerifier(Limits limits) {
        this(limits, Revocations.NONE);
    }

    /** A verifier that also consults {@code revocations} for every pass whose signature is good. */
    public PassVerifier(Limits limits, Revocations revocations) {
        this.limits = limits;
        this.hc1 = new Hc1Verifier(limits, revocations);
    }

    public Outcome verify(String scanned, TrustStore trust, Instant at, Policy policy) {
        String text = scanned.strip();
        Format format = Format.of(text);
        if (text.length() > limits.maxTextLength()) {
            return Outcome.of(Verdict.MALFORMED, format, new Checks(), "the code has " + text.length()
                    + " characters, more than the limit of " + limits.maxTextLength());
        }
        Outcome verified = switch (format) {
            case HC1 -> hc1.verify(text, trust, at);
            case SHC -> Outcome.of(Verdict.UNSUPPORTED, format, new Checks().pass("prefix"),
                    "SMART Health Cards are recognised but not verified by this version");
            case PG1 -> Outcome.of(Verdict.UNSUPPORTED, format, new Checks().pass("prefix"),
                    "passgate dynamic passes are recognised but not verified by this version");
            case UNKNOWN -> Outcome.of(Verdict.UNSUPPORTED, format, new Checks().fail("prefix"),
                    "the code is not a pass format passgate knows (HC1:, shc:/, PG1:)");
        };
        return verified.valid() ? policy.apply(verified, at) : verified;
    }

    /** Applies {@link #verify} to a code that may have been cut at the length limit by its reader. */
    public Outcome verifyScanned(String text, boolean overLength, TrustStore trust, Instant at, Policy policy) {
        if (overLength) {
            return Outcome.of(Verdict.MALFORMED, Format.of(text), new Checks(),
                    "the reader delivered a code longer than the limit of " + limits.maxTextLength() + " characters");
        }
        return verify(text, trust, at, policy);
    }
}
