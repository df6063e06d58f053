package dev.passgate.daemon.decode;

/**
 * Hard bounds applied to every scanned code before and while it is parsed. The defaults admit the largest
 * real passes with a wide margin (a QR code holds at most 7,089 digits or 4,296 alphanumeric characters).
 *
 * <ul>
 *   <li>{@code maxTextLength}: characters of the scanned text, checked before anything is decoded.</li>
 *   <li>{@code maxInflatedBytes}: bytes a compressed payload may inflate to; inflation stops at the limit.</li>
 *   <li>{@code maxCborDepth}, {@code maxCborItems}: nesting levels and data item heads of a CBOR item, checked
 *       by a scan of the item's header bytes before the CBOR library builds anything.</li>
 *   <li>{@code maxJsonChars}, {@code maxJsonDepth}: characters and nesting levels of a JSON text inside a
 *       pass (for JSON-based formats), checked before the JSON parser runs.</li>
 * </ul>
 *
 * Every bound must be positive. A violation is always a {@code MALFORMED} verdict with a reason naming the
 * bound, never an exception.
 */
public record Limits(int maxTextLength, int maxInflatedBytes, int maxCborDepth, int maxCborItems,
                     int maxJsonChars, int maxJsonDepth) {
    public static final int DEFAULT_MAX_TEXT_LENGTH = 8192;
    public static final int DEFAULT_MAX_INFLATED_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CBOR_DEPTH = 16;
    public static final int DEFAULT_MAX_CBOR_ITEMS = 4096;
    public static final int DEFAULT_MAX_JSON_CHARS = 64 * 1024;
    public static final int DEFAULT_MAX_JSON_DEPTH = 32;

    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_TEXT_LENGTH, DEFAULT_MAX_INFLATED_BYTES,
            DEFAULT_MAX_CBOR_DEPTH, DEFAULT_MAX_CBOR_ITEMS, DEFAULT_MAX_JSON_CHARS, DEFAULT_MAX_JSON_DEPTH);

    public Limits {
        int[] all = {maxTextLength, maxInflatedBytes, maxCborDepth, maxCborItems, maxJsonChars, maxJsonDepth};
        for (int bound : all) {
            if (bound <= 0) {
                throw new IllegalArgumentException("limits: found " + bound + ", expected every bound above 0");
            }
        }
    }

    /** The limits with the given bounds for text and binary payloads, and the default JSON bounds. */
    public Limits(int maxTextLength, int maxInflatedBytes, int maxCborDepth, int maxCborItems) {
        this(maxTextLength, maxInflatedBytes, maxCborDepth, maxCborItems, DEFAULT_MAX_JSON_CHARS,
                DEFAULT_MAX_JSON_DEPTH);
    }
}
