package dev.passgate.config;

import java.time.Duration;

/**
 * What one trust-bundle download may cost the kiosk: {@code [trust]} keys {@code max_bundle_bytes},
 * {@code free_space_reserve_megabytes}, {@code fetch_timeout_ms} and {@code fetch_min_bytes_per_second}.
 *
 * <p>{@code maxBundleBytes} is the largest bundle the kiosk downloads; a larger {@code Content-Length}
 * is refused before the body is read, and a body that grows past it is cut off. {@code freeSpaceReserveBytes} is
 * what must stay free on the bundle file's file system after the bundle is written, so that the entry log can
 * always write. {@code timeout} is the deadline of one whole attempt (connecting, redirects and the body), and
 * {@code minBytesPerSecond} the slowest body the fetcher waits for, measured over windows of a few seconds (0
 * turns that check off; the deadline still holds).
 */
public record FetchLimits(int maxBundleBytes, long freeSpaceReserveBytes, Duration timeout, int minBytesPerSecond) {

    /** The accepted largest bundle in bytes: 64 KiB to 1,152 MiB (the bundle format's own limit). */
    public static final IntRange MAX_BUNDLE_BYTES_RANGE = new IntRange(65_536, 1_207_959_552);
    /** The largest bundle when the file does not say: 256 MiB. */
    public static final int DEFAULT_MAX_BUNDLE_BYTES = 256 << 20;
    /** The accepted free-space reserve in megabytes (MiB): 0 to 1 TiB. */
    public static final IntRange FREE_SPACE_RESERVE_MEGABYTES_RANGE = new IntRange(0, 1_048_576);
    /** The free-space reserve when the file does not say: 64 MiB. */
    public static final int DEFAULT_FREE_SPACE_RESERVE_MEGABYTES = 64;
    /** The accepted deadline of one attempt in milliseconds: 1 second to 1 hour. */
    public static final IntRange TIMEOUT_MS_RANGE = new IntRange(1_000, 3_600_000);
    /** The deadline of one attempt when the file does not say: 5 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** The accepted slowest body in bytes per second; 0 turns the check off. */
    public static final IntRange MIN_BYTES_PER_SECOND_RANGE = new IntRange(0, 100_000_000);
    /** The slowest body when the file does not say: 1 KiB/s. */
    public static final int DEFAULT_MIN_BYTES_PER_SECOND = 1024;
    /** Every limit at its default. */
    public static final FetchLimits DEFAULTS = new FetchLimits(DEFAULT_MAX_BUNDLE_BYTES,
            megabytes(DEFAULT_FREE_SPACE_RESERVE_MEGABYTES), DEFAULT_TIMEOUT, DEFAULT_MIN_BYTES_PER_SECOND);

    /** Rejects a value out of its range. */
    public FetchLimits {
        MAX_BUNDLE_BYTES_RANGE.check("maxBundleBytes", maxBundleBytes);
        if (freeSpaceReserveBytes < 0 || freeSpaceReserveBytes > megabytes(FREE_SPACE_RESERVE_MEGABYTES_RANGE.max())) {
            throw new IllegalArgumentException("freeSpaceReserveBytes: found " + freeSpaceReserveBytes
                    + ", expected 0.." + megabytes(FREE_SPACE_RESERVE_MEGABYTES_RANGE.max()));
        }
        TIMEOUT_MS_RANGE.checkMillis("timeout", timeout);
        MIN_BYTES_PER_SECOND_RANGE.check("minBytesPerSecond", minBytesPerSecond);
    }

    /** Megabytes (MiB) in bytes. */
    public static long megabytes(int megabytes) {
        return (long) megabytes << 20;
    }
}
