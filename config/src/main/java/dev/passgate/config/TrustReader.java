package dev.passgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schema of {@code [trust]}: pinned roots, the bundle file, the fetch URL and interval, the three ages and
 * the two modes, the fetch limits, plus the check across keys that the ages are in order (warn, then degraded,
 * then expired). Like {@link FeedbackReader}, a check across keys leaves out a key that already failed and blames a
 * written key rather than a default.
 */
final class TrustReader {

    private static final List<String> KEYS = List.of("roots", "bundle_file", "url", "fetch_interval_ms",
            "warn_after_ms", "degraded_after_ms", "expired_after_ms", "degraded_mode", "expired_mode",
            "max_bundle_bytes", "free_space_reserve_megabytes", "fetch_timeout_ms", "fetch_min_bytes_per_second");
    private static final List<String> AGE_KEYS = List.of("trust.warn_after_ms", "trust.degraded_after_ms",
            "trust.expired_after_ms");
    private static final String ROOT_EXPECTED = "an Ed25519 public key as base64 or PEM SubjectPublicKeyInfo";
    private static final String URL_EXPECTED = "\"\", an https:// URL, or an http:// URL on a loopback host "
            + "(localhost, 127.0.0.1, [::1]), without user info or fragment";
    private static final Pattern ANY = Pattern.compile("(?s).*");

    private final TomlFields fields;
    private final Path base;

    TrustReader(TomlFields fields, Path base) {
        this.fields = fields;
        this.base = base;
    }

    /** Reads the section; the default bundle file lies in {@code dataDir}. */
    TrustConfig trust(Path dataDir) {
        fields.table("trust", KEYS);
        TrustConfig defaults = TrustConfig.defaultsIn(dataDir);
        List<String> roots = fields.strings("trust.roots", TrustConfig::normalizedRoot, ROOT_EXPECTED, List.of());
        Path bundleFile = fields.path("trust.bundle_file", base, defaults.bundleFile());
        Optional<URI> url = url();
        Duration interval = fields.millis("trust.fetch_interval_ms", TrustConfig.FETCH_INTERVAL_MS_RANGE,
                TrustConfig.DEFAULT_FETCH_INTERVAL);
        List<Duration> ages = List.of(
                fields.millis(AGE_KEYS.get(0), TrustConfig.AGE_MS_RANGE, TrustConfig.DEFAULT_WARN_AFTER),
                fields.millis(AGE_KEYS.get(1), TrustConfig.AGE_MS_RANGE, TrustConfig.DEFAULT_DEGRADED_AFTER),
                fields.millis(AGE_KEYS.get(2), TrustConfig.AGE_MS_RANGE, TrustConfig.DEFAULT_EXPIRED_AFTER));
        Map<String, DegradedMode> degradedModes = new LinkedHashMap<>();
        degradedModes.put("verify", DegradedMode.VERIFY);
        degradedModes.put("confirm", DegradedMode.CONFIRM);
        Map<String, ExpiredMode> expiredModes = new LinkedHashMap<>();
        expiredModes.put("fail_closed", ExpiredMode.FAIL_CLOSED);
        expiredModes.put("verify", ExpiredMode.VERIFY);
        DegradedMode degradedMode = fields.choice("trust.degraded_mode", degradedModes,
                TrustConfig.DEFAULT_DEGRADED_MODE);
        ExpiredMode expiredMode = fields.choice("trust.expired_mode", expiredModes, TrustConfig.DEFAULT_EXPIRED_MODE);
        if (!checkAgesInOrder(ages) || AGE_KEYS.stream().anyMatch(fields::failed)) {
            ages = List.of(TrustConfig.DEFAULT_WARN_AFTER, TrustConfig.DEFAULT_DEGRADED_AFTER,
                    TrustConfig.DEFAULT_EXPIRED_AFTER);
        }
        return new TrustConfig(roots, bundleFile, url, interval, ages.get(0), ages.get(1), ages.get(2),
                degradedMode, expiredMode, fetchLimits());
    }

    private FetchLimits fetchLimits() {
        int maxBytes = fields.integer("trust.max_bundle_bytes", FetchLimits.MAX_BUNDLE_BYTES_RANGE,
                FetchLimits.DEFAULT_MAX_BUNDLE_BYTES);
        int reserve = fields.integer("trust.free_space_reserve_megabytes",
                FetchLimits.FREE_SPACE_RESERVE_MEGABYTES_RANGE, FetchLimits.DEFAULT_FREE_SPACE_RESERVE_MEGABYTES);
        Duration timeout = fields.millis("trust.fetch_timeout_ms", FetchLimits.TIMEOUT_MS_RANGE,
                FetchLimits.DEFAULT_TIMEOUT);
        int minRate = fields.integer("trust.fetch_min_bytes_per_second", FetchLimits.MIN_BYTES_PER_SECOND_RANGE,
                FetchLimits.DEFAULT_MIN_BYTES_PER_SECOND);
        return new FetchLimits(maxBytes, FetchLimits.megabytes(reserve), timeout, minRate);
    }

    private Optional<URI> url() {
        String text = fields.text("trust.url", ANY, URL_EXPECTED, "");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI url = new URI(text);
            if (TrustConfig.acceptableUrl(url)) {
                return Optional.of(url);
            }
        } catch (URISyntaxException e) {
            // Reported below like any other unacceptable URL.
        }
        fields.fail("trust.url", TomlFields.quoted(text), URL_EXPECTED);
        return Optional.empty();
    }

    /** Checks that each age is at most the next one; returns false when an error was recorded. */
    private boolean checkAgesInOrder(List<Duration> ages) {
        boolean ordered = true;
        for (int later = 1; later < ages.size(); later++) {
            String laterKey = AGE_KEYS.get(later);
            String earlierKey = AGE_KEYS.get(later - 1);
            if (fields.failed(laterKey) || fields.failed(earlierKey)
                    || ages.get(later - 1).compareTo(ages.get(later)) <= 0) {
                continue;
            }
            ordered = false;
            if (fields.written(laterKey)) {
                fields.fail(laterKey, String.valueOf(ages.get(later).toMillis()),
                        "at least " + earlierKey + " = " + ages.get(later - 1).toMillis());
            } else {
                fields.fail(earlierKey, String.valueOf(ages.get(later - 1).toMillis()),
                        "at most " + laterKey + " = " + ages.get(later).toMillis());
            }
        }
        return ordered;
    }
}
