package dev.passgate.daemon.decode;

/**
 * Hard bounds applied to every scanned code before and while it is parsed. The defaults admit the largest
 * real passes with a wide margin (a QR code holds at most 7,089 digits or 4,296 alphanumeric characters).
 */
public record Limits(int maxTextLength, int maxInflatedBytes, int maxCborDepth, int maxCborItems) {
    public static final int DEFAULT_MAX_TEXT_LENGTH = 8192;
    public static final int DEFAULT_MAX_INFLATED_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CBOR_DEPTH = 16;
    public static final int DEFAULT_MAX_CBOR_ITEMS = 4096;

    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_TEXT_LENGTH, DEFAULT_MAX_INFLATED_BYTES,
            DEFAULT_MAX_CBOR_DEPTH, DEFAULT_MAX_CBOR_ITEMS);
}
