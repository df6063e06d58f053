package dev.passgate.daemon.decode;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Decodes untrusted CBOR with the CBOR library and then enforces passgate's own bounds on nesting depth and
 * item count. Map key order is kept, so a decoded map can be printed in the order it was written.
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
        CBORObject item;
        try {
            item = CBORObject.DecodeFromBytes(bytes, OPTIONS);
        } catch (CBORException | IllegalArgumentException | IllegalStateException e) {
            return new Decoded(null, "not valid CBOR: " + e.getMessage());
        } catch (StackOverflowError e) {
            return new Decoded(null, "CBOR nested too deeply to decode");
        }
        return boundsViolation(item, limits)
                .map(reason -> new Decoded(null, reason))
                .orElseGet(() -> new Decoded(item, null));
    }

    private static Optional<String> boundsViolation(CBORObject root, Limits limits) {
        Deque<CBORObject> items = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        items.push(root);
        depths.push(1);
        int count = 0;
        while (!items.isEmpty()) {
            CBORObject item = items.pop();
            int depth = depths.pop();
            if (++count > limits.maxCborItems()) {
                return Optional.of("CBOR has more than " + limits.maxCborItems() + " items");
            }
            if (depth > limits.maxCborDepth()) {
                return Optional.of("CBOR is nested deeper than " + limits.maxCborDepth() + " levels");
            }
            if (item.getType() == CBORType.Array) {
                for (CBORObject child : item.getValues()) {
                    items.push(child);
                    depths.push(depth + 1);
                }
            } else if (item.getType() == CBORType.Map) {
                for (CBORObject key : item.getKeys()) {
                    items.push(key);
                    depths.push(depth + 1);
                    items.push(item.get(key));
                    depths.push(depth + 1);
                }
            }
        }
        return Optional.empty();
    }
}
