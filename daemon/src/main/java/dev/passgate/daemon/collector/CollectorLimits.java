package dev.passgate.daemon.collector;

import java.time.Duration;

/**
 * The bounds on what one request may cost the collector. A request body is read as a stream and refused (413) as
 * soon as it passes {@code maxCompressedBytes} on the wire or {@code maxInflatedBytes} once inflated, before
 * anything larger is held; at most {@code maxConcurrent} batches are read and stored at a time, and a request over
 * that gets 429 with {@code Retry-After: retryAfter}; a body that has not fully arrived {@code bodyTimeout} after
 * its handler started is refused 408 (HTTP only; per request, enforced by the streaming reader; a client that sends
 * nothing at all is cut by the JDK's JVM-wide request timer, see {@link CollectorServer}).
 *
 * <p>Memory budget: parsing holds about six times the inflated body at its peak (the bytes, the decoded text, the
 * lines, the records), so the requests in progress hold at most {@code maxConcurrent × 6 × maxInflatedBytes}
 * ({@link #requestBudgetBytes}); with the defaults, 4 × 6 × 4 MiB = 96 MiB. Give the JVM that plus about 32 MiB
 * (the tests run the defaults at {@code -Xmx160m}).
 */
public record CollectorLimits(int maxCompressedBytes, int maxInflatedBytes, int maxConcurrent, Duration bodyTimeout,
                              Duration retryAfter) {
    public static final int DEFAULT_MAX_COMPRESSED = 4 << 20;
    public static final int DEFAULT_MAX_INFLATED = 4 << 20;
    public static final int DEFAULT_MAX_CONCURRENT = 4;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    private static final int PARSE_FACTOR = 6;

    public CollectorLimits {
        if (maxCompressedBytes < 1024 || maxInflatedBytes < 1024 || maxConcurrent < 1 || maxConcurrent > 256
                || bodyTimeout.isNegative() || bodyTimeout.isZero() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("collector limits: found " + maxCompressedBytes + " compressed bytes, "
                    + maxInflatedBytes + " inflated bytes, " + maxConcurrent + " concurrent requests, body timeout "
                    + bodyTimeout + "; expected at least 1024 bytes each, 1..256 requests and a positive timeout");
        }
    }

    public static CollectorLimits defaults() {
        return new CollectorLimits(DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_INFLATED, DEFAULT_MAX_CONCURRENT,
                DEFAULT_BODY_TIMEOUT, DEFAULT_RETRY_AFTER);
    }

    /** The most the requests in progress may hold in memory. */
    public long requestBudgetBytes() {
        return (long) maxConcurrent * PARSE_FACTOR * maxInflatedBytes;
    }
}
