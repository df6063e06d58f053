package dev.passgate.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who this kiosk is and where it keeps its state: {@code [device]} in the file.
 *
 * <p>{@code id} names the kiosk in audit records and uploads. {@code dataDir} holds the kiosk's own files and
 * {@code siteSecretFile} the secret shared by the kiosks of a site. The loader resolves relative paths against
 * the folder of the configuration file; this record does not check that the paths exist or are usable.
 */
public record DeviceConfig(String id, Path dataDir, Path siteSecretFile) {

    /** The identifier used when the file names none. */
    public static final String DEFAULT_ID = "kiosk-01";
    /** What an identifier may look like: 1 to 64 letters, digits, dots, underscores and hyphens. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The data folder used when the file names none. */
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/passgate");
    /** The name of the site secret inside the data folder, used when the file names no secret file. */
    public static final String DEFAULT_SITE_SECRET_NAME = "site-secret";
    /** The device section with every value at its default. */
    public static final DeviceConfig DEFAULTS =
            new DeviceConfig(DEFAULT_ID, DEFAULT_DATA_DIR, DEFAULT_DATA_DIR.resolve(DEFAULT_SITE_SECRET_NAME));

    /** Rejects a missing value or an identifier outside {@link #ID_PATTERN}. */
    public DeviceConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(siteSecretFile, "siteSecretFile");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("id: found \"" + id + "\", expected " + ID_PATTERN);
        }
    }
}
