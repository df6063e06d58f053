package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.List;

/**
 * The CertLogic value model over CBOR objects. JSON values keep their JSON kinds; a number is an integer when its
 * value is integral (so {@code 2} and {@code 2.0} are the same integer, as in JavaScript). A date-time, which
 * only {@code plusTime} and {@code dccDateOfBirth} can make, is a text string under CBOR tag 0 (RFC 8949
 * standard date/time string) in the canonical form {@code yyyy-MM-ddTHH:mm:ss.SSSZ}; JSON input never carries
 * tags, so data can never forge one as long as it is JSON-shaped (see {@link CertLogic#evaluate}).
 *
 * <p>Truthiness follows the specification exactly: falsy are {@code false}, {@code null}, {@code ""}, the
 * integer 0, {@code []} and <code>{}</code>; truthy are {@code true}, non-empty strings, non-zero integers,
 * non-empty arrays and non-empty objects. Date-times and non-integral numbers are neither.
 */
final class Values {
    static final int DATE_TIME_TAG = 0;

    /** The kinds of value an evaluation deals in. */
    enum Kind { NULL, BOOLEAN, NUMBER, STRING, ARRAY, OBJECT, DATE_TIME }

    private Values() {
    }

    static Kind kind(CBORObject value) {
        if (value == null || value.isNull()) {
            return Kind.NULL;
        }
        if (value.isNumber()) {
            return Kind.NUMBER;
        }
        if (value.isTagged()) {
            if (value.getType() == CBORType.TextString && value.HasOneTag(DATE_TIME_TAG)) {
                return Kind.DATE_TIME;
            }
            throw new CertLogicError("a tagged CBOR item is not a JSON value: " + describe(value));
        }
        return switch (value.getType()) {
            case Boolean -> Kind.BOOLEAN;
            case TextString -> Kind.STRING;
            case Array -> Kind.ARRAY;
            case Map -> Kind.OBJECT;
            default -> throw new CertLogicError("a CBOR " + value.getType() + " is not a JSON value");
        };
    }

    static boolean isInteger(CBORObject value) {
        return kind(value) == Kind.NUMBER && value.AsNumber().IsInteger();
    }

    /** The value as a long, or an error naming the operation that needed an integer. */
    static long integer(CBORObject value, String operation) {
        if (!isInteger(value) || !value.AsNumber().CanFitInInt64()) {
            throw new CertLogicError(operation + ": found " + describe(value) + ", expected an integer");
        }
        return value.AsNumber().ToInt64Checked();
    }

    static boolean isFalsy(CBORObject value) {
        return switch (kind(value)) {
            case NULL -> true;
            case BOOLEAN -> !value.AsBoolean();
            case NUMBER -> value.AsNumber().IsInteger() && value.AsNumber().IsZero();
            case STRING -> value.AsString().isEmpty();
            case ARRAY, OBJECT -> value.size() == 0;
            case DATE_TIME -> false;
        };
    }

    static boolean isTruthy(CBORObject value) {
        return switch (kind(value)) {
            case NULL -> false;
            case BOOLEAN -> value.AsBoolean();
            case NUMBER -> value.AsNumber().IsInteger() && !value.AsNumber().IsZero();
            case STRING -> !value.AsString().isEmpty();
            case ARRAY, OBJECT -> value.size() > 0;
            case DATE_TIME -> false;
        };
    }

    /**
     * Equality without type coercion, as {@code ===} and {@code in} use it: null, booleans, strings and numbers
     * compare by value; arrays, objects and date-times are never equal to anything (JavaScript compares them by
     * reference, which JSON data cannot express).
     */
    static boolean strictlyEqual(CBORObject a, CBORObject b) {
        Kind kind = kind(a);
        if (kind != kind(b)) {
            return false;
        }
        return switch (kind) {
            case NULL -> true;
            case BOOLEAN -> a.AsBoolean() == b.AsBoolean();
            case NUMBER -> a.AsNumber().compareTo(b.AsNumber()) == 0;
            case STRING -> a.AsString().equals(b.AsString());
            case ARRAY, OBJECT, DATE_TIME -> false;
        };
    }

    /**
     * Structural equality of two JSON-shaped values: numbers by value, arrays item by item in order, objects by
     * their key sets and values regardless of key order. Recursion is as deep as the values are nested.
     */
    static boolean deepEqual(CBORObject a, CBORObject b) {
        Kind kind = kind(a);
        if (kind != kind(b)) {
            return false;
        }
        switch (kind) {
            case ARRAY -> {
                List<CBORObject> left = List.copyOf(a.getValues());
                List<CBORObject> right = List.copyOf(b.getValues());
                if (left.size() != right.size()) {
                    return false;
                }
                for (int i = 0; i < left.size(); i++) {
                    if (!deepEqual(left.get(i), right.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            case OBJECT -> {
                if (a.size() != b.size()) {
                    return false;
                }
                for (CBORObject key : a.getKeys()) {
                    if (!b.ContainsKey(key) || !deepEqual(a.get(key), b.get(key))) {
                        return false;
                    }
                }
                return true;
            }
            case DATE_TIME -> {
                return a.AsString().equals(b.AsString());
            }
            default -> {
                return strictlyEqual(a, b);
            }
        }
    }

    /** A short description of a value for error messages: its kind, and its text when that is short. */
    static String describe(CBORObject value) {
        if (value == null) {
            return "null";
        }
        String text = value.isTagged() && value.getType() == CBORType.TextString
                ? value.AsString() : value.ToJSONString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
