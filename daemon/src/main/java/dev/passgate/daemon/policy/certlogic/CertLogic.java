package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;
import java.util.List;

/**
 * CertLogic 1.3.3, the JsonLogic subset of the EU DCC business rules: an evaluator and a static validator.
 *
 * <p>Operations: {@code var} (dotted paths, integer fragments index arrays, anything missing gives null),
 * {@code if}, {@code ===}, {@code and}, {@code <}, {@code >}, {@code <=}, {@code >=}, {@code in}, {@code +},
 * {@code !}, {@code reduce}, {@code plusTime}, {@code before}, {@code after}, {@code not-before},
 * {@code not-after}, {@code extractFromUVCI} and {@code dccDateOfBirth}, as the specification defines them
 * (see {@link Values} for truthiness and equality, {@link DateTimes} for dates, {@link Shapes} for the syntax).
 * Nothing else: no {@code or}, no {@code var} defaults, no object or null literals, no non-integer numbers.
 *
 * <p>Evaluation never throws for an invalid expression, mismatched data or an exhausted bound: it returns a
 * failed {@link Evaluation}, which a rule should treat as "not passed". The data context must be JSON-shaped:
 * parsed from JSON, or CBOR that a JSON round trip would not change. A CBOR tag-0 string in the data would read
 * as a date-time, and other non-JSON CBOR fails the evaluation where it is touched, so callers holding CBOR from
 * an untrusted pass pass it through JSON first. Inputs are never modified.
 */
public final class CertLogic {
    private CertLogic() {
    }

    /** Evaluates {@code expression} against {@code data} (null meaning JSON null), within {@code bounds}. */
    public static Evaluation evaluate(CBORObject expression, CBORObject data, Bounds bounds) {
        Evaluator evaluator = new Evaluator(bounds);
        try {
            CBORObject value = evaluator.evaluate(expression == null ? CBORObject.Null : expression,
                    data == null ? CBORObject.Null : data, 1);
            return new Evaluation(evaluator.plain(value), null, evaluator.steps());
        } catch (CertLogicError e) {
            return new Evaluation(null, e.getMessage(), evaluator.steps());
        }
    }

    /**
     * Every issue the static validator finds in {@code expression}, empty when it is a valid CertLogic
     * expression. It checks syntax only (operators, operand counts, literal operands, {@code var} paths and the
     * nesting bound); type mismatches that depend on data are found only by evaluation.
     */
    public static List<Issue> validate(CBORObject expression, Bounds bounds) {
        return Validator.validate(expression, bounds);
    }

    /** Whether two JSON-shaped values are equal, numbers by value and objects regardless of key order. */
    public static boolean sameJson(CBORObject a, CBORObject b) {
        try {
            return Values.deepEqual(a == null ? CBORObject.Null : a, b == null ? CBORObject.Null : b);
        } catch (CertLogicError e) {
            return false;
        }
    }
}
