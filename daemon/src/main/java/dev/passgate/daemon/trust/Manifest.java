package dev.passgate.daemon.trust;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The signed table of contents of a trust bundle: its sequence number, its validity window and, for each section
 * in file order, its window, length and SHA-256. {@code entries} counts a revocation section's entries and is 0
 * for the others. See {@link BundleReader} for the format.
 */
public record Manifest(long version, Instant issuedAt, Instant validUntil, List<Section> sections) {

    /** One section's entry in the manifest; {@code sha256} is base64. */
    public record Section(SectionType type, Instant issuedAt, Instant validUntil, long length, String sha256,
                          long entries) {
    }

    public Manifest {
        sections = List.copyOf(sections);
    }

    public Optional<Section> section(SectionType type) {
        return sections.stream().filter(s -> s.type() == type).findFirst();
    }

    /** The end of the window of the bundle and all its sections: the earliest {@code validUntil}. */
    public Instant effectiveValidUntil() {
        Instant end = validUntil;
        for (Section section : sections) {
            end = section.validUntil().isBefore(end) ? section.validUntil() : end;
        }
        return end;
    }
}
