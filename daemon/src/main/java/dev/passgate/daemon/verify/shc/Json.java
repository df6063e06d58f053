package dev.passgate.daemon.verify.shc;

import static dev.passgate.daemon.decode.Json.nestingDepth;
import static dev.passgate.daemon.decode.Json.strictUtf8;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.nio.charset.CharacterCodingException;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Strict JSON reading for the parts of a SMART Health Card: UTF-8 that must decode cleanly, a bare object with no
 * byte order mark or whitespace around it, a nesting bound checked by a scan before the parser runs (so hostile
 * nesting cannot exhaust the stack), then the CBOR library's JSON parser, which refuses duplicate keys and
 * trailing text. The size bound is the caller's: every input here has already been bounded.
 */
final class Json {
    /** Deep enough for a FHIR bundle inside a JWS payload (about a dozen levels), far below any stack limit. */
    static final int MAX_DEPTH = 32;

    private Json() {
    }

    /** A parsed JSON object, or why the text is not one. */
    record Parsed(CBORObject value, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    static Parsed object(byte[] utf8, String what) {
        String text;
        try {
            text = strictUtf8(utf8);
        } catch (CharacterCodingException e) {
            return new Parsed(null, what + " is not valid UTF-8");
        }
        return object(text, what);
    }

    static Parsed object(String text, String what) {
        if (text.isEmpty()) {
            return new Parsed(null, what + " is empty, expected a JSON object");
        }
        char first = text.charAt(0);
        char last = text.charAt(text.length() - 1);
        if (first != '{' || last != '}') {
            return new Parsed(null, what + " starts with " + describe(first) + " and ends with " + describe(last)
                    + ", expected a bare JSON object from '{' to '}'");
        }
        int depth = nestingDepth(text, Integer.MAX_VALUE);
        if (depth > MAX_DEPTH) {
            return new Parsed(null, what + " is nested " + depth + " levels deep, more than " + MAX_DEPTH);
        }
        try {
            CBORObject value = CBORObject.FromJSONString(text);
            return value.getType() == CBORType.Map ? new Parsed(value, null)
                    : new Parsed(null, what + " is not a JSON object");
        } catch (CBORException | IllegalArgumentException e) {
            return new Parsed(null, what + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The text of a string member, if the member is a string. */
    static Optional<String> string(CBORObject object, String key) {
        CBORObject value = object == null ? null : object.get(key);
        return value != null && value.getType() == CBORType.TextString ? Optional.of(value.AsString())
                : Optional.empty();
    }

    /** The value of a number member as a double, if the member is a finite number. */
    static OptionalDouble number(CBORObject object, String key) {
        CBORObject value = object == null ? null : object.get(key);
        if (value == null || !value.isNumber()) {
            return OptionalDouble.empty();
        }
        double number = value.AsNumber().ToEDecimal().ToDouble();
        return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
    }

    static boolean isObject(CBORObject value) {
        return value != null && value.getType() == CBORType.Map;
    }

    static boolean isArray(CBORObject value) {
        return value != null && value.getType() == CBORType.Array;
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
