package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.policy.certlogic.Values.Kind;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The CertLogic operations that work on already evaluated operands: {@code +}, {@code !}, the integer
 * comparisons {@code <}, {@code >}, {@code <=}, {@code >=}, the date-time comparisons {@code before},
 * {@code after}, {@code not-after}, {@code not-before} (each binary, or ternary meaning
 * {@code a op b and b op c}), and {@code extractFromUVCI}. Type mismatches are errors.
 */
final class Operators {
    private static final Pattern UCI_SEPARATORS = Pattern.compile("[/#:]");

    private Operators() {
    }

    static CBORObject plus(CBORObject a, CBORObject b) {
        try {
            return CBORObject.FromObject(Math.addExact(Values.integer(a, "+"), Values.integer(b, "+")));
        } catch (ArithmeticException e) {
            throw new CertLogicError("+: " + Values.describe(a) + " + " + Values.describe(b) + " overflows");
        }
    }

    static CBORObject not(CBORObject value) {
        if (Values.isTruthy(value)) {
            return CBORObject.False;
        }
        if (Values.isFalsy(value)) {
            return CBORObject.True;
        }
        throw new CertLogicError("!: operand " + Values.describe(value) + " is neither truthy nor falsy");
    }

    /** A comparison of 2 or 3 operands, all integers or (for the date-time operators) all date-times. */
    static CBORObject compare(String operator, CBORObject[] values) {
        boolean dates = switch (operator) {
            case "before", "after", "not-before", "not-after" -> true;
            default -> false;
        };
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            keys[i] = dates ? epochMillis(values[i], operator) : Values.integer(values[i], operator);
        }
        boolean result = holds(operator, keys[0], keys[1]) && (keys.length == 2 || holds(operator, keys[1], keys[2]));
        return CBORObject.FromObject(result);
    }

    private static boolean holds(String operator, long a, long b) {
        return switch (operator) {
            case "<", "before" -> a < b;
            case ">", "after" -> a > b;
            case "<=", "not-after" -> a <= b;
            case ">=", "not-before" -> a >= b;
            default -> throw new CertLogicError("unrecognised operator: \"" + operator + "\"");
        };
    }

    private static long epochMillis(CBORObject value, String operator) {
        if (Values.kind(value) != Kind.DATE_TIME) {
            throw new CertLogicError(operator + ": found " + Values.describe(value) + ", expected a date-time");
        }
        Instant instant = DateTimes.instant(value);
        return instant.toEpochMilli();
    }

    /**
     * The fragment at {@code index} of a UCI split on {@code /}, {@code #} and {@code :}, after dropping leading
     * {@code URN} and {@code UVCI} fragments; null for a null UCI or an index with no fragment.
     */
    static CBORObject extractFromUci(CBORObject uci, long index) {
        Kind kind = Values.kind(uci);
        if (kind == Kind.NULL) {
            return CBORObject.Null;
        }
        if (kind != Kind.STRING) {
            throw new CertLogicError("extractFromUVCI: found " + Values.describe(uci) + ", expected a string or null");
        }
        String[] fragments = UCI_SEPARATORS.split(uci.AsString(), -1);
        int first = fragments.length >= 2 && fragments[0].equals("URN") && fragments[1].equals("UVCI") ? 2 : 0;
        long at = first + index;
        return index < 0 || at >= fragments.length ? CBORObject.Null : CBORObject.FromObject(fragments[(int) at]);
    }
}
