package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.TrustException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What the daemon remembers about syncing trust data across restarts: the validators of the last bundle it
 * fetched and accepted ({@code etag}, {@code lastModified}, for conditional requests) and the bundle version whose
 * revocation section the revocation store holds ({@code revocationVersion}, 0 for none), so that a restart feeds
 * the store only when a newer bundle arrived in the meantime.
 *
 * <p>File format, version 1: {@code BUNDLE_FILE.sync} beside the bundle, UTF-8 JSON of at most 4 KiB,
 * <pre>
 * {"formatVersion": 1, "etag": TEXT?, "lastModified": TEXT?, "revocationVersion": 0..2^53-1}
 * </pre>
 * Only the daemon writes it, atomically. A missing or unreadable file counts as empty: the cost is one full
 * download and one revocation feed. Golden version 1 files live in the test resources under {@code trust/}.
 */
public record SyncState(Optional<String> etag, Optional<String> lastModified, long revocationVersion) {
    public static final SyncState EMPTY = new SyncState(Optional.empty(), Optional.empty(), 0);
    static final int FORMAT_VERSION = 1;
    private static final int MAX_FILE_BYTES = 4096;
    private static final int MAX_VALIDATOR_LENGTH = 512;

    public static Path fileFor(Path bundleFile) {
        return bundleFile.resolveSibling(bundleFile.getFileName() + ".sync");
    }

    public SyncState withValidators(Optional<String> newEtag, Optional<String> newLastModified) {
        return new SyncState(newEtag.filter(SyncState::acceptable), newLastModified.filter(SyncState::acceptable),
                revocationVersion);
    }

    public SyncState withRevocationVersion(long version) {
        return new SyncState(etag, lastModified, version);
    }

    /** Reads the file; empty when there is none. A malformed file is a {@link TrustException}. */
    public static SyncState read(Path file) throws IOException, TrustException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return EMPTY;
        }
        try {
            if (bytes.length > MAX_FILE_BYTES) {
                throw new BundleException("found more than " + MAX_FILE_BYTES + " bytes, expected a sync state");
            }
            CBORObject json = BoundedJson.object(BoundedJson.parse(bytes, "sync state"), "sync state",
                    Set.of("formatVersion", "revocationVersion"), Set.of("etag", "lastModified"));
            BoundedJson.integer(json.get("formatVersion"), "sync state formatVersion", FORMAT_VERSION,
                    FORMAT_VERSION);
            Optional<String> etag = json.ContainsKey("etag") ? Optional.of(BoundedJson.text(json.get("etag"),
                    "sync state etag", MAX_VALIDATOR_LENGTH)) : Optional.empty();
            Optional<String> lastModified = json.ContainsKey("lastModified") ? Optional.of(BoundedJson.text(
                    json.get("lastModified"), "sync state lastModified", MAX_VALIDATOR_LENGTH)) : Optional.empty();
            return new SyncState(etag, lastModified, BoundedJson.integer(json.get("revocationVersion"),
                    "sync state revocationVersion", 0, ManifestCodec.MAX_VERSION));
        } catch (BundleException e) {
            throw new TrustException(file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) throws IOException {
        CBORObject json = CBORObject.NewOrderedMap().Add("formatVersion", FORMAT_VERSION);
        etag.ifPresent(e -> json.Add("etag", e));
        lastModified.ifPresent(m -> json.Add("lastModified", m));
        json.Add("revocationVersion", revocationVersion);
        AtomicFiles.write(file, (json.ToJSONString() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A validator worth keeping: short printable ASCII, as HTTP headers are. */
    private static boolean acceptable(String value) {
        return !value.isEmpty() && value.length() <= MAX_VALIDATOR_LENGTH
                && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
