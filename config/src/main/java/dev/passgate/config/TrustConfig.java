package dev.passgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the kiosk's trust data comes from and how old it may grow: {@code [trust]} in the file.
 *
 * <p>{@code roots} are the pinned Ed25519 public keys that sign trust bundles, each kept as the base64 of its
 * X.509 SubjectPublicKeyInfo (44 bytes); several are allowed so that a root can be rotated. An empty list turns
 * bundles off, and the kiosk trusts only {@code verify.trust}. {@code bundleFile} is the installed bundle;
 * {@code url}, when present, is fetched every {@code fetchInterval}. A bundle's age is measured from its
 * {@code issuedAt}: from {@code warnAfter} it is {@code WARN}, from {@code degradedAfter} {@code DEGRADED}, from
 * {@code expiredAfter} (or past its {@code validUntil}) {@code EXPIRED}; the modes say what happens then.
 *
 * <p>{@code fetchLimits} bound what one download may cost the kiosk (see {@link FetchLimits}).
 *
 * <p>This record checks the shape of the values (that a root is an Ed25519 key, that the ages are in order, that a
 * URL is https, or http on a loopback host); it does not read the bundle or contact the URL.
 */
public record TrustConfig(List<String> roots, Path bundleFile, Optional<URI> url, Duration fetchInterval,
                          Duration warnAfter, Duration degradedAfter, Duration expiredAfter,
                          DegradedMode degradedMode, ExpiredMode expiredMode, FetchLimits fetchLimits) {

    /** The name of the installed bundle inside the data folder, used when the file names no bundle file. */
    public static final String DEFAULT_BUNDLE_NAME = "trust-bundle.pgtb";
    /** The accepted fetch interval in milliseconds: 10 seconds to 1 day. */
    public static final IntRange FETCH_INTERVAL_MS_RANGE = new IntRange(10_000, 86_400_000);
    /** The fetch interval used when the file names none: 1 hour. */
    public static final Duration DEFAULT_FETCH_INTERVAL = Duration.ofHours(1);
    /** The accepted ages in milliseconds for the three thresholds: 1 minute to 21 days. */
    public static final IntRange AGE_MS_RANGE = new IntRange(60_000, 1_814_400_000);
    /** The age from which trust data is WARN when the file does not say: 1 day. */
    public static final Duration DEFAULT_WARN_AFTER = Duration.ofDays(1);
    /** The age from which trust data is DEGRADED when the file does not say: 3 days. */
    public static final Duration DEFAULT_DEGRADED_AFTER = Duration.ofDays(3);
    /** The age from which trust data is EXPIRED when the file does not say: 7 days. */
    public static final Duration DEFAULT_EXPIRED_AFTER = Duration.ofDays(7);
    /** What DEGRADED does when the file does not say: keep verifying. */
    public static final DegradedMode DEFAULT_DEGRADED_MODE = DegradedMode.VERIFY;
    /** What EXPIRED does when the file does not say: refuse every pass. */
    public static final ExpiredMode DEFAULT_EXPIRED_MODE = ExpiredMode.FAIL_CLOSED;
    /** The trust section with every value at its default: no roots, so no bundles. */
    public static final TrustConfig DEFAULTS = defaultsIn(DeviceConfig.DEFAULT_DATA_DIR);

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 bytes of the key follow it. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
        0x21, 0x00};
    private static final int ED25519_SPKI_LENGTH = 44;
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** Rejects a missing value, a malformed root or URL, an age or interval out of range or ages out of order. */
    public TrustConfig {
        roots = List.copyOf(roots);
        for (String root : roots) {
            if (!root.equals(normalizedRoot(root))) {
                throw new IllegalArgumentException("roots: found \"" + root + "\", expected the base64 of an Ed25519 "
                        + "SubjectPublicKeyInfo");
            }
        }
        Objects.requireNonNull(bundleFile, "bundleFile");
        Objects.requireNonNull(url, "url");
        url.ifPresent(u -> {
            if (!acceptableUrl(u)) {
                throw new IllegalArgumentException("url: found " + u + ", expected https, or http on loopback");
            }
        });
        FETCH_INTERVAL_MS_RANGE.checkMillis("fetchInterval", fetchInterval);
        AGE_MS_RANGE.checkMillis("warnAfter", warnAfter);
        AGE_MS_RANGE.checkMillis("degradedAfter", degradedAfter);
        AGE_MS_RANGE.checkMillis("expiredAfter", expiredAfter);
        if (warnAfter.compareTo(degradedAfter) > 0 || degradedAfter.compareTo(expiredAfter) > 0) {
            throw new IllegalArgumentException("ages: found " + warnAfter + ", " + degradedAfter + ", " + expiredAfter
                    + ", expected warnAfter <= degradedAfter <= expiredAfter");
        }
        Objects.requireNonNull(degradedMode, "degradedMode");
        Objects.requireNonNull(expiredMode, "expiredMode");
        Objects.requireNonNull(fetchLimits, "fetchLimits");
    }

    /** The section with the default {@link FetchLimits}. */
    public TrustConfig(List<String> roots, Path bundleFile, Optional<URI> url, Duration fetchInterval,
                       Duration warnAfter, Duration degradedAfter, Duration expiredAfter,
                       DegradedMode degradedMode, ExpiredMode expiredMode) {
        this(roots, bundleFile, url, fetchInterval, warnAfter, degradedAfter, expiredAfter, degradedMode, expiredMode,
                FetchLimits.DEFAULTS);
    }

    /** The trust section with every value at its default and the bundle file inside {@code dataDir}. */
    public static TrustConfig defaultsIn(Path dataDir) {
        return new TrustConfig(List.of(), dataDir.resolve(DEFAULT_BUNDLE_NAME), Optional.empty(),
                DEFAULT_FETCH_INTERVAL, DEFAULT_WARN_AFTER, DEFAULT_DEGRADED_AFTER, DEFAULT_EXPIRED_AFTER,
                DEFAULT_DEGRADED_MODE, DEFAULT_EXPIRED_MODE);
    }

    /** Tells whether trust comes from signed bundles, which is so as soon as one root is pinned. */
    public boolean managed() {
        return !roots.isEmpty();
    }

    /**
     * Returns the base64 of the Ed25519 SubjectPublicKeyInfo written as base64 or as a PEM {@code PUBLIC KEY}
     * block, or null when the text is neither or holds another kind of key.
     */
    public static String normalizedRoot(String text) {
        String body = text.strip();
        String armour = "-----BEGIN PUBLIC KEY-----";
        if (body.startsWith(armour)) {
            int end = body.indexOf("-----END PUBLIC KEY-----");
            if (end < 0) {
                return null;
            }
            body = body.substring(armour.length(), end);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
        boolean ed25519 = der.length == ED25519_SPKI_LENGTH
                && Arrays.equals(der, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0,
                        ED25519_SPKI_PREFIX.length);
        return ed25519 ? Base64.getEncoder().encodeToString(der) : null;
    }

    /** Tells whether the kiosk may fetch from the URL: https, or plain http on a loopback host; no user info. */
    public static boolean acceptableUrl(URI url) {
        if (!url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null || url.getFragment() != null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https")
                || scheme.equals("http") && LOOPBACK_HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT));
    }
}
