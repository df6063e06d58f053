package dev.passgate.daemon.trust;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds and signs a trust bundle in the format {@link BundleReader} reads. Every section gets the bundle's window
 * unless {@link #sectionWindow} says otherwise. The revocation section is written beforehand by a
 * {@link RevocationSection.Writer} into a file of its own, because its hash must be in the manifest that precedes
 * it; it is copied, never held in memory. The output file is replaced atomically.
 */
public final class BundleWriter {
    private final long version;
    private final Instant issuedAt;
    private final Instant validUntil;
    private final Map<SectionType, byte[]> jsonSections = new EnumMap<>(SectionType.class);
    private final Map<SectionType, Instant[]> windows = new EnumMap<>(SectionType.class);
    private final List<PrivateKey> roots = new ArrayList<>();
    private Revocation revocation;

    /** A revocation section already written to a file, with what its writer counted. */
    public record Revocation(Path file, long length, String sha256, long entries) {
    }

    private BundleWriter(long version, Instant issuedAt, Instant validUntil) {
        this.version = version;
        this.issuedAt = issuedAt;
        this.validUntil = validUntil;
    }

    public static BundleWriter bundle(long version, Instant issuedAt, Instant validUntil) {
        return new BundleWriter(version, issuedAt, validUntil);
    }

    /** Adds a JSON section for each part of the content that has something in it. */
    public BundleWriter content(BundleContent content) {
        for (SectionType type : SectionType.values()) {
            if (content.has(type)) {
                jsonSections.put(type, SectionCodecs.encode(type, content));
            }
        }
        return this;
    }

    public BundleWriter revocation(Revocation section) {
        this.revocation = section;
        return this;
    }

    /** Gives one section a window of its own instead of the bundle's. */
    public BundleWriter sectionWindow(SectionType type, Instant from, Instant until) {
        windows.put(type, new Instant[] {from, until});
        return this;
    }

    public BundleWriter signWith(PrivateKey root) {
        roots.add(root);
        return this;
    }

    /** Puts a JSON section exactly as given, valid or not, so that tests can sign broken content. */
    BundleWriter rawSection(SectionType type, byte[] json) {
        jsonSections.put(type, json.clone());
        return this;
    }

    /** Writes the signed bundle to a temporary file beside {@code out}, fsyncs it and renames it over {@code out}. */
    public void writeTo(Path out) throws IOException {
        if (roots.isEmpty()) {
            throw new IllegalStateException("a bundle needs at least one root key to sign it");
        }
        List<Manifest.Section> sections = new ArrayList<>();
        for (Map.Entry<SectionType, byte[]> json : jsonSections.entrySet()) {
            byte[] hash = BundleReader.sha256().digest(json.getValue());
            sections.add(section(json.getKey(), json.getValue().length, Base64.getEncoder().encodeToString(hash), 0));
        }
        if (revocation != null) {
            sections.add(section(SectionType.REVOCATION, revocation.length(), revocation.sha256(),
                    revocation.entries()));
        }
        byte[] manifest = ManifestCodec.encode(new Manifest(version, issuedAt, validUntil, sections));
        byte[] signed = BundleReader.signedBytes(BundleReader.FORMAT_VERSION, manifest);
        Path temp = AtomicFiles.tempBeside(out);
        try {
            try (OutputStream file = Files.newOutputStream(temp);
                 DataOutputStream data = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                data.write(signed);
                data.writeByte(roots.size());
                for (PrivateKey root : roots) {
                    data.write(RootKeys.keyId(RootKeys.publicOf(root)));
                    data.writeByte(BundleReader.ED25519);
                    data.writeShort(BundleReader.ED25519_SIGNATURE_BYTES);
                    data.write(RootKeys.sign(root, signed));
                }
                for (Manifest.Section section : sections) {
                    if (section.type().json()) {
                        data.write(jsonSections.get(section.type()));
                    } else {
                        try (InputStream in = Files.newInputStream(revocation.file())) {
                            in.transferTo(data);
                        }
                    }
                }
            }
            AtomicFiles.fsync(temp);
            AtomicFiles.replace(temp, out, AtomicFiles.ReplacePoint.RENAME);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Manifest.Section section(SectionType type, long length, String sha256, long entries) {
        Instant[] window = Objects.requireNonNullElse(windows.get(type), new Instant[] {issuedAt, validUntil});
        return new Manifest.Section(type, window[0], window[1], length, sha256, entries);
    }
}
