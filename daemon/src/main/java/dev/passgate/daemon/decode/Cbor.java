package dev.passgate.daemon.decode;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import java.util.Optional;

/**
 * Decodes one untrusted CBOR item. The bytes are first scanned ({@link CborScan}) against passgate's bounds on
 * nesting depth, item count and declared lengths, and only then handed to the CBOR library, so the library
 * never recurses deeper or allocates more than the bounds allow. Map key order is kept, so a decoded map can
 * be printed in the order it was written. Duplicate map keys are refused by the library.
 */
public final class Cbor {
    private static final CBOREncodeOptions OPTIONS = new CBOREncodeOptions("keepkeyorder=true");

    private Cbor() {
    }

    /** A decoded item, or why the bytes are not one acceptable CBOR item. */
    public record Decoded(CBORObject item, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    public static Decoded decode(byte[] bytes, Limits limits) {
        Optional<String> refused = CborScan.check(bytes, limits);
        if (refused.isPresent()) {
            return new Decoded(null, refused.get());
        }
        try {
            return new Decoded(CBORObject.DecodeFromBytes(bytes, OPTIONS), null);
        } catch (CBORException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            return new Decoded(null, "not valid CBOR: " + e.getMessage());
        }
    }
}
