package dev.passgate.daemon.upload;

import dev.passgate.config.UploadConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When the uploader sends next: pure scheduling logic, driven by the monotonic time and the random numbers it is
 * given, so that a fleet of them can be simulated under a simulated clock. It never reads a clock itself and never
 * sleeps.
 *
 * <ul>
 *   <li><b>Start-up spread.</b> The first attempt waits {@link #startupDelay}: a fraction of
 *       {@code startupSpread} fixed by the device id (SHA-256), so a site's kiosks powered on together call at
 *       different moments, and each kiosk always at the same offset.</li>
 *   <li><b>Batching and drain.</b> While records wait, the next batch follows as soon as the ceilings allow:
 *       requests are spaced at least 60 s / {@code requestsPerMinute} apart, and a request that carried n records
 *       is followed by the next no sooner than n × 60 s / {@code maxRecordsPerMinute}. So no window of a minute
 *       holds more than {@code requestsPerMinute} requests plus one, nor more than {@code maxRecordsPerMinute}
 *       records plus one batch, and a backlog drains at a bounded rate however large it is.</li>
 *   <li><b>Idle.</b> With nothing (more) waiting, the next look comes after {@code interval}, varied uniformly by
 *       up to a quarter either way: kiosks that started together (after a power cut, or a collector outage that
 *       ended for all at once) drift apart instead of calling in step for ever, and a fleet's requests spread
 *       evenly over the interval. The interval is what sets the collector's load: a fleet of N kiosks makes about
 *       N / interval requests a second, however many people scan.</li>
 *   <li><b>Backoff.</b> After the n-th failure in a row, a uniformly random delay up to
 *       min({@code maxBackoff}, {@code minBackoff} × 2^(n-1)) (full jitter), at least {@code minBackoff}, and at
 *       least what the server asked for with Retry-After (up to a day).</li>
 * </ul>
 * Not thread-safe: one uploader thread owns it.
 */
public final class UploadSchedule {
    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    /** How far an idle wait may differ from the interval, as a fraction of it. */
    static final double IDLE_JITTER = 0.25;

    private final Settings settings;
    private final DoubleSupplier random;
    private int failures;
    private long notBeforeNanos = Long.MIN_VALUE;

    /** The numbers that drive the schedule; {@link #of(UploadConfig)} takes them from the configuration. */
    public record Settings(int batchSize, Duration interval, Duration minBackoff, Duration maxBackoff,
                           int requestsPerMinute, int maxRecordsPerMinute, Duration startupSpread) {
        public Settings {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(minBackoff, "minBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(startupSpread, "startupSpread");
            if (batchSize < 1 || requestsPerMinute < 1 || maxRecordsPerMinute < 1 || minBackoff.isNegative()
                    || maxBackoff.compareTo(minBackoff) < 0 || interval.isNegative() || startupSpread.isNegative()) {
                throw new IllegalArgumentException("upload schedule: found " + batchSize + " records a batch, "
                        + requestsPerMinute + " requests and " + maxRecordsPerMinute + " records a minute, backoff "
                        + minBackoff + ".." + maxBackoff + ", expected positive counts and min <= max");
            }
        }

        public static Settings of(UploadConfig config) {
            return new Settings(config.batchSize(), config.interval(), config.minBackoff(), config.maxBackoff(),
                    config.requestsPerMinute(), config.maxRecordsPerMinute(), config.startupSpread());
        }
    }

    /** What an attempt came to, as far as the schedule cares. */
    public enum Result {
        /** A batch was stored and more records wait. */
        SENT_MORE_WAITING,
        /** A batch was stored (or nothing waited) and nothing more waits. */
        IDLE,
        /** The attempt failed or was refused. */
        FAILED
    }

    public UploadSchedule(Settings settings, DoubleSupplier random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Settings settings() {
        return settings;
    }

    /** The delay before the first attempt of the device: the same fraction of the spread at every start. */
    public static Duration startupDelay(String deviceId, Duration spread) {
        if (spread.isZero()) {
            return Duration.ZERO;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(deviceId.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = bits << 8 | digest[i] & 0xff;
            }
            double fraction = bits / (double) (1L << 56);
            return Duration.ofNanos((long) (spread.toNanos() * fraction));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime but is missing", e);
        }
    }

    /** The number of consecutive failures so far. */
    public int failures() {
        return failures;
    }

    /**
     * Records an attempt that started at {@code startedNanos}, sent {@code records} records and came to
     * {@code result}, and returns the delay from {@code nowNanos} until the next attempt.
     */
    public Duration next(long startedNanos, long nowNanos, int records, Result result, Optional<Duration> retryAfter) {
        long spacing = Math.max(MINUTE_NANOS / settings.requestsPerMinute(),
                (long) Math.ceil(records * (double) MINUTE_NANOS / settings.maxRecordsPerMinute()));
        notBeforeNanos = startedNanos + spacing;
        Duration wanted = switch (result) {
            case SENT_MORE_WAITING -> {
                failures = 0;
                yield Duration.ZERO;
            }
            case IDLE -> {
                failures = 0;
                yield idleWait();
            }
            case FAILED -> {
                failures = Math.min(failures + 1, 62);
                yield backoff(retryAfter);
            }
        };
        long paced = Math.max(wanted.toNanos(), notBeforeNanos - nowNanos);
        return Duration.ofNanos(Math.max(0, paced));
    }

    /** The interval, varied uniformly by a quarter either way so that kiosks never fall into step. */
    private Duration idleWait() {
        long interval = settings.interval().toNanos();
        return Duration.ofNanos((long) (interval * (1 - IDLE_JITTER + 2 * IDLE_JITTER * random.getAsDouble())));
    }

    private Duration backoff(Optional<Duration> retryAfter) {
        long min = settings.minBackoff().toNanos();
        long max = settings.maxBackoff().toNanos();
        long cap = failures - 1 >= 62 || min > (max >> (failures - 1)) ? max : min << (failures - 1);
        long delay = Math.max(min, (long) (random.getAsDouble() * cap));
        long asked = retryAfter.map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d)
                .map(Duration::toNanos).orElse(0L);
        return Duration.ofNanos(Math.max(delay, asked));
    }
}
