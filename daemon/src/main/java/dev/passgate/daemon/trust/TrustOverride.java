package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.TrustException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A technician's override: until {@code until}, a kiosk whose trust data is EXPIRED (or DEGRADED with staff
 * confirmation) keeps admitting passes that check out. It is bounded twice: {@code passgate bundle override}
 * refuses an end more than {@link #MAX_DURATION} ahead, and the override ends {@link #MAX_DURATION} after
 * {@code setAt} whatever the file says. It is not active before {@code setAt}. {@code reason} is the technician's
 * note (at most {@link #MAX_REASON_LENGTH} printable characters; it must not hold personal data).
 *
 * <p>File format, version 1: {@code BUNDLE_FILE.override} beside the bundle, UTF-8 JSON of at most 4 KiB,
 * <pre>
 * {"formatVersion": 1, "setAt": INSTANT, "until": INSTANT, "reason": TEXT}
 * </pre>
 * with INSTANT as ISO-8601 UTC. Written atomically by the CLI; the daemon reads it when it changes. Golden version
 * 1 files live in the test resources under {@code trust/}.
 */
public record TrustOverride(Instant setAt, Instant until, String reason) {
    public static final Duration MAX_DURATION = Duration.ofHours(72);
    public static final int MAX_REASON_LENGTH = 200;
    static final int FORMAT_VERSION = 1;
    private static final int MAX_FILE_BYTES = 4096;

    /** Rejects an end not after the start, or a reason that is empty, too long or not printable. */
    public TrustOverride {
        if (!until.isAfter(setAt)) {
            throw new IllegalArgumentException("until " + until + " is not after setAt " + setAt);
        }
        if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH || !reason.chars().allMatch(c -> c >= 0x20
                && c != 0x7f)) {
            throw new IllegalArgumentException("a reason of 1.." + MAX_REASON_LENGTH + " printable characters, "
                    + "found " + reason.length());
        }
    }

    /** The override file of a bundle file. */
    public static Path fileFor(Path bundleFile) {
        return bundleFile.resolveSibling(bundleFile.getFileName() + ".override");
    }

    /** The end of the override: {@code until}, but never more than {@link #MAX_DURATION} after {@code setAt}. */
    public Instant effectiveUntil() {
        Instant latest = setAt.plus(MAX_DURATION);
        return until.isAfter(latest) ? latest : until;
    }

    public boolean activeAt(Instant at) {
        return !at.isBefore(setAt) && at.isBefore(effectiveUntil());
    }

    /** Reads the override file; empty when there is none. A malformed file is a {@link TrustException}. */
    public static Optional<TrustOverride> read(Path file) throws IOException, TrustException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            if (bytes.length > MAX_FILE_BYTES) {
                throw new BundleException("found more than " + MAX_FILE_BYTES + " bytes, expected an override");
            }
            CBORObject json = BoundedJson.object(BoundedJson.parse(bytes, "override"), "override",
                    Set.of("formatVersion", "setAt", "until", "reason"), Set.of());
            BoundedJson.integer(json.get("formatVersion"), "override formatVersion", FORMAT_VERSION, FORMAT_VERSION);
            return Optional.of(new TrustOverride(BoundedJson.instant(json.get("setAt"), "override setAt"),
                    BoundedJson.instant(json.get("until"), "override until"),
                    BoundedJson.text(json.get("reason"), "override reason", MAX_REASON_LENGTH)));
        } catch (BundleException | IllegalArgumentException e) {
            throw new TrustException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this override to the file atomically. */
    public void write(Path file) throws IOException {
        CBORObject json = CBORObject.NewOrderedMap().Add("formatVersion", FORMAT_VERSION)
                .Add("setAt", setAt.toString()).Add("until", until.toString()).Add("reason", reason);
        AtomicFiles.write(file, (json.ToJSONString() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
