package dev.passgate.daemon.collector;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body within {@link CollectorLimits}: the compressed bytes are counted as they are read and the
 * inflater is read at most one byte past the inflated limit, so a gzip bomb costs the limit and no more. The
 * outcome is a value: the inflated bytes, or the {@link Refusal} (413 too large, 400 not gzip, 408 too slow).
 *
 * <p>The body deadline is per request and enforced here, on the monotonic clock given: each read that returns
 * after the deadline ends the body with 408 {@code too_slow}, so a client trickling bytes (slow loris) is refused
 * at the deadline whatever other servers in the JVM were given. What this cannot do is wake a read that is blocked
 * because the client sends nothing at all; that is left to the JDK server's own request timer
 * ({@code sun.net.httpserver.maxReqTime}, read once per JVM, see {@link CollectorServer}).
 */
final class BoundedBody {
    private BoundedBody() {
    }

    /** The bytes of a body, or why not. */
    record Read(Optional<byte[]> bytes, Optional<Refusal> refusal) {
        static Read refused(Refusal refusal) {
            return new Read(Optional.empty(), Optional.of(refusal));
        }
    }

    /** Reads {@code in} (gzip when {@code gzip}) within {@code limits}, without a deadline. */
    static Read read(InputStream in, boolean gzip, CollectorLimits limits) throws IOException {
        return read(in, gzip, limits, Long.MAX_VALUE, () -> 0L);
    }

    /**
     * Reads {@code in} (gzip when {@code gzip}) within {@code limits}, refusing it once {@code nanos} (a monotonic
     * source) has passed {@code deadlineNanos} after a read; I/O faults of the stream are thrown.
     */
    static Read read(InputStream in, boolean gzip, CollectorLimits limits, long deadlineNanos, LongSupplier nanos)
            throws IOException {
        Counting counted = new Counting(in, limits.maxCompressedBytes(), deadlineNanos, nanos);
        try {
            InputStream body = gzip ? new GZIPInputStream(counted, 8192) : counted;
            int cap = gzip ? limits.maxInflatedBytes() : Math.min(limits.maxInflatedBytes(),
                    limits.maxCompressedBytes());
            byte[] bytes = body.readNBytes(cap + 1);
            if (bytes.length > cap) {
                return Read.refused(tooLarge("inflates past " + limits.maxInflatedBytes() + " bytes"));
            }
            return new Read(Optional.of(bytes), Optional.empty());
        } catch (TooSlow e) {
            return Read.refused(new Refusal(408, Refusal.TOO_SLOW, "the body had not fully arrived within "
                    + limits.bodyTimeout().toSeconds() + " s; send it at once"));
        } catch (TooLarge e) {
            return Read.refused(tooLarge("is larger than " + limits.maxCompressedBytes() + " bytes on the wire"));
        } catch (ZipException | EOFException e) {
            return Read.refused(Refusal.badBatch("the body is not gzip: " + e.getMessage()));
        }
    }

    /** Inflates a whole payload (an MQTT message) within {@code limits}. */
    static Read inflate(byte[] payload, CollectorLimits limits) {
        try {
            return read(new ByteArrayInputStream(payload), true, limits);
        } catch (IOException e) {
            return Read.refused(Refusal.badBatch("the payload is not gzip: " + e.getMessage()));
        }
    }

    static Refusal tooLarge(String what) {
        return new Refusal(413, Refusal.TOO_LARGE, "the body " + what + "; send smaller batches");
    }

    /** Thrown by the counting stream when the wire bytes pass the limit. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("too large", null);
        }
    }

    /** Thrown by the counting stream when a read returns after the body deadline. */
    private static final class TooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        TooSlow() {
            super("too slow", null);
        }
    }

    /** Counts the bytes read and fails past {@code limit}, or when a read returns after the deadline. */
    private static final class Counting extends FilterInputStream {
        private final long limit;
        private final long deadlineNanos;
        private final LongSupplier nanos;
        private long count;

        Counting(InputStream in, long limit, long deadlineNanos, LongSupplier nanos) {
            super(in);
            this.limit = limit;
            this.deadlineNanos = deadlineNanos;
            this.nanos = nanos;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, limit + 1 - count));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new TooLarge();
            }
            if (nanos.getAsLong() - deadlineNanos > 0) {
                throw new TooSlow();
            }
        }
    }
}
