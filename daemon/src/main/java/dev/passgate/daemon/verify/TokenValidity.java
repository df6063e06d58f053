package dev.passgate.daemon.verify;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The time window in which a signed pass may be accepted, as the EU DCC test data defines it:
 * {@code signer.notBefore <= iat <= clock <= exp <= signer.notAfter}, each bound applied when present.
 * A clock before the window is {@code NOT_YET_VALID}, after it {@code EXPIRED}; a pass whose own lifetime lies
 * outside its signer's validity is a {@code KEY_USAGE} failure (the key was used beyond its period).
 */
public final class TokenValidity {
    private TokenValidity() {
    }

    /** {@code verdict} is null when the pass is inside its window. */
    public record Result(Verdict verdict, String reason) {
        public boolean ok() {
            return verdict == null;
        }
    }

    public static Result check(X509Certificate signer, Instant issuedAt, Instant expiresAt, Instant clock) {
        Instant notBefore = signer.getNotBefore().toInstant();
        Instant notAfter = signer.getNotAfter().toInstant();
        if (issuedAt != null && clock.isBefore(issuedAt)) {
            return new Result(Verdict.NOT_YET_VALID, "issued at " + issuedAt + ", after the clock " + clock);
        }
        if (clock.isBefore(notBefore)) {
            return new Result(Verdict.NOT_YET_VALID, "its signing certificate is valid from " + notBefore
                    + ", after the clock " + clock);
        }
        if (expiresAt != null && clock.isAfter(expiresAt)) {
            return new Result(Verdict.EXPIRED, "expired at " + expiresAt + ", before the clock " + clock);
        }
        if (clock.isAfter(notAfter)) {
            return new Result(Verdict.EXPIRED, "its signing certificate expired at " + notAfter
                    + ", before the clock " + clock);
        }
        if (issuedAt != null && issuedAt.isBefore(notBefore)) {
            return new Result(Verdict.KEY_USAGE, "issued at " + issuedAt
                    + ", before its signing certificate became valid at " + notBefore);
        }
        if (expiresAt != null && expiresAt.isAfter(notAfter)) {
            return new Result(Verdict.KEY_USAGE, "valid until " + expiresAt
                    + ", after its signing certificate expires at " + notAfter);
        }
        return new Result(null, null);
    }
}
