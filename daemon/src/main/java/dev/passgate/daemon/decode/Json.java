package dev.passgate.daemon.decode;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.JSONOptions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes untrusted JSON (RFC 8259) into the CBOR data model, for JSON-based pass formats and request lines.
 * Before the JSON parser runs, the text is bounded: at most a given number of characters, and a scan that
 * tracks strings and escapes refuses nesting deeper than a given number of levels. The parser builds its tree
 * recursively (100,000 nested objects overflow the stack), so the scan is what keeps a hostile text from
 * reaching it. Duplicate object keys are refused by the parser. Numbers become CBOR integers when they have no
 * fraction and fit 64 bits, else doubles (too large a magnitude becomes an infinity): never decimal fractions,
 * whose hostile exponents make later arithmetic unbounded. Never throws for any input text.
 */
public final class Json {
    private static final JSONOptions OPTIONS = new JSONOptions("numberconversion=intorfloat");

    private Json() {
    }

    /** A decoded value, or why the text is not one acceptable JSON value. */
    public record Decoded(CBORObject value, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Decodes JSON inside a pass, bounded by {@link Limits#maxJsonChars()} and {@link Limits#maxJsonDepth()}. */
    public static Decoded decode(String text, Limits limits) {
        return decode(text, limits.maxJsonChars(), limits.maxJsonDepth());
    }

    public static Decoded decode(String text, int maxChars, int maxDepth) {
        if (text.length() > maxChars) {
            return new Decoded(null, "the JSON has " + text.length() + " characters, more than the limit of "
                    + maxChars);
        }
        int deepest = nestingDepth(text, maxDepth);
        if (deepest > maxDepth) {
            return new Decoded(null, "the JSON is nested deeper than " + maxDepth + " levels");
        }
        try {
            return new Decoded(CBORObject.FromJSONString(text, OPTIONS), null);
        } catch (CBORException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            return new Decoded(null, "not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Decodes UTF-8 strictly: malformed or unmappable input is an error, not a replacement character.
     */
    public static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * The deepest nesting of arrays and objects outside strings, counted until it passes {@code stopAbove}
     * ({@code Integer.MAX_VALUE} for the exact depth). Cheap, and safe on any text: run it before a parser
     * that recurses.
     */
    public static int nestingDepth(String text, int stopAbove) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < text.length() && deepest <= stopAbove; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return deepest;
    }
}
