package dev.passgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The background upload of the entry log to a collector: {@code [upload]} in the file.
 *
 * <p>When {@code enabled}, batches of at most {@code batchSize} records go to {@code url} by {@code transport}.
 * Between uploads with nothing waiting the uploader waits {@code interval}; after a failure it backs off
 * exponentially with full jitter between {@code minBackoff} and {@code maxBackoff}; it never sends more than
 * {@code requestsPerMinute} requests nor more than {@code maxRecordsPerMinute} records a minute (the bound on
 * draining a backlog); its first attempt comes after a delay spread over {@code startupSpread} by the device id.
 * {@code timeout} bounds one request. {@code proxy} is an HTTP proxy as {@code host:port}. {@code mqttTopic} is the
 * topic prefix; the device id is appended. This record checks shapes and ranges, not that the collector answers.
 */
public record UploadConfig(boolean enabled, UploadTransport transport, Optional<URI> url, int batchSize,
                           Duration interval, Duration minBackoff, Duration maxBackoff, int requestsPerMinute,
                           int maxRecordsPerMinute, Duration startupSpread, Duration timeout, Optional<String> proxy,
                           String mqttTopic, UploadTlsConfig tls) {

    public static final IntRange BATCH_SIZE_RANGE = new IntRange(1, 5_000);
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final IntRange INTERVAL_MS_RANGE = new IntRange(1_000, 86_400_000);
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(2);
    public static final IntRange MIN_BACKOFF_MS_RANGE = new IntRange(100, 3_600_000);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(5);
    public static final IntRange MAX_BACKOFF_MS_RANGE = new IntRange(1_000, 86_400_000);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(1);
    public static final IntRange REQUESTS_PER_MINUTE_RANGE = new IntRange(1, 600);
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 6;
    public static final IntRange RECORDS_PER_MINUTE_RANGE = new IntRange(1, 1_000_000);
    public static final int DEFAULT_RECORDS_PER_MINUTE = 3_000;
    public static final IntRange STARTUP_SPREAD_MS_RANGE = new IntRange(0, 86_400_000);
    public static final Duration DEFAULT_STARTUP_SPREAD = Duration.ofHours(2);
    public static final IntRange TIMEOUT_MS_RANGE = new IntRange(1_000, 600_000);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_MQTT_TOPIC = "passgate/entries";
    /** An MQTT topic prefix: levels of printable characters without wildcards, no leading or trailing slash. */
    public static final Pattern MQTT_TOPIC_PATTERN = Pattern.compile("[^/#+\\s\\x00-\\x1f]+(/[^/#+\\s\\x00-\\x1f]+)*");
    /** A proxy as host:port. */
    public static final Pattern PROXY_PATTERN =
            Pattern.compile("[A-Za-z0-9.-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:]+]:[0-9]{1,5}");
    /** The upload section with every value at its default: switched off. */
    public static final UploadConfig DEFAULTS = new UploadConfig(false, UploadTransport.HTTP, Optional.empty(),
            DEFAULT_BATCH_SIZE, DEFAULT_INTERVAL, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF,
            DEFAULT_REQUESTS_PER_MINUTE, DEFAULT_RECORDS_PER_MINUTE, DEFAULT_STARTUP_SPREAD, DEFAULT_TIMEOUT,
            Optional.empty(), DEFAULT_MQTT_TOPIC, UploadTlsConfig.DEFAULTS);

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** Rejects a missing value, a value out of range, backoffs out of order, or a URL the transport cannot use. */
    public UploadConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(url, "url");
        BATCH_SIZE_RANGE.check("batchSize", batchSize);
        INTERVAL_MS_RANGE.checkMillis("interval", interval);
        MIN_BACKOFF_MS_RANGE.checkMillis("minBackoff", minBackoff);
        MAX_BACKOFF_MS_RANGE.checkMillis("maxBackoff", maxBackoff);
        if (minBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("minBackoff: found " + minBackoff + ", expected at most maxBackoff "
                    + maxBackoff);
        }
        REQUESTS_PER_MINUTE_RANGE.check("requestsPerMinute", requestsPerMinute);
        RECORDS_PER_MINUTE_RANGE.check("maxRecordsPerMinute", maxRecordsPerMinute);
        STARTUP_SPREAD_MS_RANGE.checkMillis("startupSpread", startupSpread);
        TIMEOUT_MS_RANGE.checkMillis("timeout", timeout);
        Objects.requireNonNull(proxy, "proxy");
        proxy.ifPresent(p -> {
            if (!PROXY_PATTERN.matcher(p).matches()) {
                throw new IllegalArgumentException("proxy: found " + p + ", expected host:port");
            }
        });
        Objects.requireNonNull(mqttTopic, "mqttTopic");
        if (!MQTT_TOPIC_PATTERN.matcher(mqttTopic).matches()) {
            throw new IllegalArgumentException("mqttTopic: found " + mqttTopic + ", expected topic levels without"
                    + " wildcards");
        }
        Objects.requireNonNull(tls, "tls");
        url.ifPresent(u -> {
            if (!acceptableUrl(transport, u)) {
                throw new IllegalArgumentException("url: found " + u + ", expected " + expectedUrl(transport));
            }
        });
        if (enabled && url.isEmpty()) {
            throw new IllegalArgumentException("url: found none, expected a URL when the upload is enabled");
        }
    }

    /**
     * Tells whether the transport can use the URL: for HTTP https, or http on a loopback host; for MQTT mqtts, or
     * mqtt on a loopback host. No user info, no fragment.
     */
    public static boolean acceptableUrl(UploadTransport transport, URI url) {
        if (!url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null || url.getFragment() != null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = LOOPBACK_HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT));
        return switch (transport) {
            case HTTP -> scheme.equals("https") || scheme.equals("http") && loopback;
            case MQTT -> scheme.equals("mqtts") || scheme.equals("mqtt") && loopback;
        };
    }

    /** Describes the URLs {@link #acceptableUrl} takes for the transport, for error messages. */
    public static String expectedUrl(UploadTransport transport) {
        return switch (transport) {
            case HTTP -> "an https:// URL, or an http:// URL on a loopback host, without user info or fragment";
            case MQTT -> "an mqtts:// URL, or an mqtt:// URL on a loopback host, without user info or fragment";
        };
    }
}
