package dev.passgate.daemon.decode;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.time.Instant;
import java.util.Optional;

/**
 * The CWT claims of an EU DCC payload (RFC 8392), with the health certificate under claim -260, key 1.
 *
 * <pre>
 *   { 1 =&gt; iss (tstr), 4 =&gt; exp (NumericDate), 6 =&gt; iat (NumericDate), -260 =&gt; { 1 =&gt; hcert (map) } }
 * </pre>
 *
 * NumericDates may be integers or floating point numbers (some issuers wrote floats); fractions are dropped.
 */
public record CwtClaims(String issuer, Instant issuedAt, Instant expiresAt, CBORObject hcert) {
    private static final int CLAIM_ISS = 1;
    private static final int CLAIM_EXP = 4;
    private static final int CLAIM_IAT = 6;
    private static final int CLAIM_HCERT = -260;
    private static final int HCERT_EU_DCC = 1;
    private static final long MAX_EPOCH_SECOND = 253402300799L;

    /** Parsed claims, or why the payload is not an EU DCC CWT. */
    public record Parsed(CwtClaims claims, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    public static Parsed parse(byte[] payload, Limits limits) {
        Cbor.Decoded decoded = Cbor.decode(payload, limits);
        if (!decoded.ok()) {
            return failed(decoded.failure());
        }
        CBORObject claims = decoded.item();
        if (claims.getType() != CBORType.Map) {
            return failed("the CWT payload is not a CBOR map");
        }
        CBORObject wrapper = claims.get(CLAIM_HCERT);
        if (wrapper == null || wrapper.getType() != CBORType.Map) {
            return failed("the CWT has no health certificate claim (-260)");
        }
        CBORObject hcert = wrapper.get(HCERT_EU_DCC);
        if (hcert == null || hcert.getType() != CBORType.Map) {
            return failed("the health certificate claim holds no EU DCC map under key 1");
        }
        CBORObject iss = claims.get(CLAIM_ISS);
        if (iss != null && iss.getType() != CBORType.TextString) {
            return failed("the issuer claim (1) is not a text string");
        }
        Optional<Instant> iat = numericDate(claims.get(CLAIM_IAT));
        Optional<Instant> exp = numericDate(claims.get(CLAIM_EXP));
        if (claims.get(CLAIM_IAT) != null && iat.isEmpty() || claims.get(CLAIM_EXP) != null && exp.isEmpty()) {
            return failed("iat or exp is not a NumericDate");
        }
        return new Parsed(new CwtClaims(iss == null ? null : iss.AsString(), iat.orElse(null), exp.orElse(null),
                hcert), null);
    }

    /**
     * A NumericDate is an integer or a floating point number of seconds (RFC 8392, section 2). Tagged decimal
     * fractions and bigfloats are refused: converting one with a hostile exponent costs unbounded time.
     */
    private static Optional<Instant> numericDate(CBORObject value) {
        double seconds;
        if (value == null) {
            return Optional.empty();
        } else if (value.getType() == CBORType.Integer) {
            seconds = value.CanValueFitInInt64() ? value.AsInt64Value() : Double.NaN;
        } else if (value.getType() == CBORType.FloatingPoint) {
            seconds = value.AsDoubleValue();
        } else {
            return Optional.empty();
        }
        if (Double.isNaN(seconds) || seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond((long) seconds));
    }

    private static Parsed failed(String reason) {
        return new Parsed(null, reason);
    }
}
