package dev.passgate.daemon.verify;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.verify.shc.ShcVerifier;
import dev.passgate.daemon.verify.pg1.MemoryReplayCache;
import dev.passgate.daemon.verify.pg1.Pg1Verifier;
import dev.passgate.daemon.revocation.Revocations;
import java.time.Instant;

/**
 * The single entry point for deciding a scanned code offline: bounds the input, picks the verifier by prefix,
 * then applies the venue policy. Never throws for any input text; every text gets an outcome. Hostile input is
 * bounded by {@link Limits} at each layer (text length here; inflated size, CBOR depth and items, and JSON size
 * and depth in the decoders), and a violation is a {@code MALFORMED} outcome naming the bound.
 */
public final class PassVerifier {
    private final Limits limits;
    private final Hc1Verifier hc1;
    private final ShcVerifier shc;
    private final Pg1Verifier pg1;

    /** A verifier whose PG1 replay cache lives in memory, with the default freshness window. */
    public PassVerifier(Limits limits) {
        this(limits, Revocations.NONE);
    }

    /** A verifier that also consults {@code revocations} for every pass whose signature is good. */
    public PassVerifier(Limits limits, Revocations revocations) {
        this(limits, revocations, new Pg1Verifier(limits, new MemoryReplayCache(), Pg1Verifier.DEFAULT_WINDOW,
                Pg1Verifier.DEFAULT_SKEW));
    }

    public PassVerifier(Limits limits, Pg1Verifier pg1) {
        this(limits, Revocations.NONE, pg1);
    }

    /** A verifier with revocation data and the kiosk's PG1 verifier (its replay cache and freshness window). */
    public PassVerifier(Limits limits, Revocations revocations, Pg1Verifier pg1) {
        this.limits = limits;
        this.hc1 = new Hc1Verifier(limits, revocations);
        this.shc = new ShcVerifier(limits, revocations);
        this.pg1 = pg1;
    }

    public Outcome verify(String scanned, TrustStore trust, Instant at, OutcomePolicy policy) {
        if (scanned == null) {
            return Outcome.of(Verdict.MALFORMED, Format.UNKNOWN, new Checks(), "no code was read");
        }
        String text = withoutLineEnd(scanned);
        Format format = Format.of(text);
        if (text.length() > limits.maxTextLength()) {
            return Outcome.of(Verdict.MALFORMED, format, new Checks(), "the code has " + text.length()
                    + " characters, more than the limit of " + limits.maxTextLength());
        }
        Outcome verified = switch (format) {
            case HC1 -> hc1.verify(text, trust, at);
            case SHC -> shc.verify(text, trust, at);
            case PG1 -> pg1.verify(text, trust, at);
            case UNKNOWN -> Outcome.of(Verdict.UNSUPPORTED, format, new Checks().fail("prefix"),
                    "the code is not a pass format passgate knows (HC1:, shc:/, PG1:)");
        };
        return verified.valid() ? policy.apply(verified, at) : verified;
    }

    /**
     * The text without the CR and LF characters a reader or a file may leave at its end. Nothing else is removed:
     * a space is a Base45 digit in HC1 and PG1 texts, and any other character around a code (leading or trailing
     * spaces, tabs) cannot come from a pass's QR code, so it makes the code {@code MALFORMED}.
     */
    static String withoutLineEnd(String scanned) {
        int end = scanned.length();
        while (end > 0 && (scanned.charAt(end - 1) == '\n' || scanned.charAt(end - 1) == '\r')) {
            end--;
        }
        return scanned.substring(0, end);
    }

    /** Applies {@link #verify} to a code that may have been cut at the length limit by its reader. */
    public Outcome verifyScanned(String text, boolean overLength, TrustStore trust, Instant at,
                                 OutcomePolicy policy) {
        if (overLength) {
            return Outcome.of(Verdict.MALFORMED, Format.of(text), new Checks(),
                    "the reader delivered a code longer than the limit of " + limits.maxTextLength() + " characters");
        }
        return verify(text, trust, at, policy);
    }
}
