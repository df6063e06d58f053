package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.decode.Json;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * JSON as trust data uses it: strict UTF-8, nesting at most {@link #MAX_DEPTH} deep (checked by a scan before the
 * parser runs, so a deeply nested document cannot exhaust the stack), duplicate keys refused (the parser's
 * default), and typed field readers whose errors name the field, what was found and what was expected.
 */
final class BoundedJson {
    static final int MAX_DEPTH = 64;

    private BoundedJson() {
    }

    /** Parses the bytes, whose length the caller has already bounded; {@code what} names them in errors. */
    static CBORObject parse(byte[] bytes, String what) throws BundleException {
        String text;
        try {
            text = Json.strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw new BundleException(what + ": found bytes that are not UTF-8, expected JSON", e);
        }
        int depth = depth(text);
        if (depth > MAX_DEPTH) {
            throw new BundleException(what + ": found JSON nested " + depth + " deep, expected at most " + MAX_DEPTH);
        }
        try {
            return CBORObject.FromJSONString(text);
        } catch (CBORException e) {
            throw new BundleException(what + ": found JSON that does not parse (" + e.getMessage() + ")", e);
        }
    }

    /** The deepest nesting of arrays and objects, counting brackets outside strings. */
    static int depth(String text) {
        return Json.nestingDepth(text, Integer.MAX_VALUE);
    }

    static CBORObject object(CBORObject value, String what, Set<String> required, Set<String> optional)
            throws BundleException {
        if (value == null || value.getType() != CBORType.Map) {
            throw new BundleException(what + ": found " + typeOf(value) + ", expected an object");
        }
        for (CBORObject key : value.getKeys()) {
            String name = key.getType() == CBORType.TextString ? key.AsString() : key.toString();
            if (!required.contains(name) && !optional.contains(name)) {
                throw new BundleException(what + ": found unknown key \"" + name + "\", expected only "
                        + String.join(", ", required) + (optional.isEmpty() ? "" : ", " + String.join(", ", optional)));
            }
        }
        for (String name : required) {
            if (!value.ContainsKey(name)) {
                throw new BundleException(what + ": found no \"" + name + "\", expected one");
            }
        }
        return value;
    }

    static CBORObject array(CBORObject value, String what, int maxItems) throws BundleException {
        if (value == null || value.getType() != CBORType.Array) {
            throw new BundleException(what + ": found " + typeOf(value) + ", expected an array");
        }
        if (value.size() > maxItems) {
            throw new BundleException(what + ": found " + value.size() + " items, expected at most " + maxItems);
        }
        return value;
    }

    static String text(CBORObject value, String what, int maxLength) throws BundleException {
        if (value == null || value.getType() != CBORType.TextString) {
            throw new BundleException(what + ": found " + typeOf(value) + ", expected a string");
        }
        String text = value.AsString();
        if (text.isEmpty() || text.length() > maxLength) {
            throw new BundleException(what + ": found a string of " + text.length() + " characters, expected 1.."
                    + maxLength);
        }
        return text;
    }

    static long integer(CBORObject value, String what, long min, long max) throws BundleException {
        if (value == null || value.getType() != CBORType.Integer || !value.CanValueFitInInt64()) {
            throw new BundleException(what + ": found " + typeOf(value) + ", expected an integer " + min + ".." + max);
        }
        long number = value.AsInt64Value();
        if (number < min || number > max) {
            throw new BundleException(what + ": found " + number + ", expected " + min + ".." + max);
        }
        return number;
    }

    static Instant instant(CBORObject value, String what) throws BundleException {
        String text = text(value, what, 64);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BundleException(what + ": found \"" + text + "\", expected an instant like 2024-05-01T00:00:00Z",
                    e);
        }
    }

    static byte[] base64(CBORObject value, String what, int maxLength) throws BundleException {
        String text = text(value, what, maxLength);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new BundleException(what + ": found text that is not base64, expected base64", e);
        }
    }

    private static String typeOf(CBORObject value) {
        return value == null ? "nothing" : "a " + value.getType().name().toLowerCase(Locale.ROOT);
    }
}
