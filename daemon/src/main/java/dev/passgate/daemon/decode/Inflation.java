package dev.passgate.daemon.decode;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses zlib (RFC 1950) or raw DEFLATE (RFC 1951) data with a hard limit on the output size, so that a
 * small hostile code cannot expand into a large allocation. The input must be one complete stream; trailing
 * bytes after its end are refused.
 */
public final class Inflation {
    private Inflation() {
    }

    /** The result: the inflated bytes, or why there are none. */
    public record Result(byte[] bytes, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    public static Result zlib(byte[] input, int maxOutput) {
        return inflate(input, maxOutput, false);
    }

    public static Result rawDeflate(byte[] input, int maxOutput) {
        return inflate(input, maxOutput, true);
    }

    private static Result inflate(byte[] input, int maxOutput, boolean raw) {
        Inflater inflater = new Inflater(raw);
        try {
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxOutput, input.length * 4 + 64));
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return new Result(null, "the compressed data ends before its stream does");
                }
                if (out.size() + n > maxOutput) {
                    return new Result(null, "inflates to more than " + maxOutput + " bytes");
                }
                out.write(buffer, 0, n);
            }
            if (inflater.getRemaining() > 0) {
                return new Result(null, inflater.getRemaining() + " bytes follow the end of the compressed stream");
            }
            return new Result(out.toByteArray(), null);
        } catch (DataFormatException e) {
            return new Result(null, "not valid " + (raw ? "DEFLATE" : "zlib") + " data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
