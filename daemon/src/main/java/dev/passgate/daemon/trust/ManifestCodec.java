package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The manifest's JSON form, read strictly (unknown keys, a repeated section type or an unknown one are errors) and
 * written in a fixed key order. See {@link BundleReader} for the schema.
 */
final class ManifestCodec {
    /** The largest version number: the largest integer every JSON reader represents exactly. */
    static final long MAX_VERSION = (1L << 53) - 1;
    static final int MAX_JSON_SECTION_BYTES = 16 << 20;
    static final long MAX_REVOCATION_BYTES = 1L << 30;
    /** As many entries as the largest section could hold at 18 bytes each (the smallest DCC entry). */
    static final long MAX_REVOCATION_ENTRIES = MAX_REVOCATION_BYTES / 18;
    private static final int SHA256_BYTES = 32;

    private ManifestCodec() {
    }

    static Manifest parse(byte[] json) throws BundleException {
        CBORObject root = BoundedJson.object(BoundedJson.parse(json, "manifest"), "manifest",
                Set.of("version", "issuedAt", "validUntil", "sections"), Set.of());
        long version = BoundedJson.integer(root.get("version"), "manifest version", 1, MAX_VERSION);
        Instant issuedAt = BoundedJson.instant(root.get("issuedAt"), "manifest issuedAt");
        Instant validUntil = BoundedJson.instant(root.get("validUntil"), "manifest validUntil");
        if (!issuedAt.isBefore(validUntil)) {
            throw new BundleException("manifest: found validUntil " + validUntil + ", expected it after issuedAt "
                    + issuedAt);
        }
        CBORObject array = BoundedJson.array(root.get("sections"), "manifest sections", SectionType.values().length);
        List<Manifest.Section> sections = new ArrayList<>();
        Set<SectionType> seen = EnumSet.noneOf(SectionType.class);
        for (int i = 0; i < array.size(); i++) {
            Manifest.Section section = section(array.get(i), "manifest sections[" + i + "]", issuedAt);
            if (!seen.add(section.type())) {
                throw new BundleException("manifest sections[" + i + "]: found a second \""
                        + section.type().wireName() + "\" section, expected each type at most once");
            }
            sections.add(section);
        }
        return new Manifest(version, issuedAt, validUntil, sections);
    }

    private static Manifest.Section section(CBORObject value, String what, Instant bundleIssuedAt)
            throws BundleException {
        BoundedJson.object(value, what, Set.of("type", "issuedAt", "validUntil", "length", "sha256"),
                Set.of("entries"));
        String name = BoundedJson.text(value.get("type"), what + " type", 64);
        SectionType type = SectionType.byWireName(name).orElseThrow(() -> new BundleException(what
                + ": found type \"" + name + "\", expected one of dcc-signers, shc-issuers, pg1-keys, rule-sets, "
                + "value-sets, pg1-revocation, revocation"));
        Instant issuedAt = BoundedJson.instant(value.get("issuedAt"), what + " issuedAt");
        Instant validUntil = BoundedJson.instant(value.get("validUntil"), what + " validUntil");
        if (!issuedAt.isBefore(validUntil) || issuedAt.isAfter(bundleIssuedAt)) {
            throw new BundleException(what + ": found issuedAt " + issuedAt + " and validUntil " + validUntil
                    + ", expected issuedAt before validUntil and not after the bundle's issuedAt " + bundleIssuedAt);
        }
        long length = BoundedJson.integer(value.get("length"), what + " length", type.json() ? 1 : 0,
                type.json() ? MAX_JSON_SECTION_BYTES : MAX_REVOCATION_BYTES);
        byte[] sha256 = BoundedJson.base64(value.get("sha256"), what + " sha256", 64);
        if (sha256.length != SHA256_BYTES) {
            throw new BundleException(what + " sha256: found " + sha256.length + " bytes, expected " + SHA256_BYTES);
        }
        long entries = 0;
        if (type == SectionType.REVOCATION) {
            entries = BoundedJson.integer(value.get("entries"), what + " entries", 0, MAX_REVOCATION_ENTRIES);
        } else if (value.ContainsKey("entries")) {
            throw new BundleException(what + ": found \"entries\" in a " + name + " section, expected it only in "
                    + "the revocation section");
        }
        return new Manifest.Section(type, issuedAt, validUntil, length, Base64.getEncoder().encodeToString(sha256),
                entries);
    }

    static byte[] encode(Manifest manifest) {
        CBORObject sections = CBORObject.NewArray();
        for (Manifest.Section section : manifest.sections()) {
            CBORObject entry = CBORObject.NewOrderedMap()
                    .Add("type", section.type().wireName())
                    .Add("issuedAt", section.issuedAt().toString())
                    .Add("validUntil", section.validUntil().toString())
                    .Add("length", section.length())
                    .Add("sha256", section.sha256());
            if (section.type() == SectionType.REVOCATION) {
                entry.Add("entries", section.entries());
            }
            sections.Add(entry);
        }
        CBORObject root = CBORObject.NewOrderedMap()
                .Add("version", manifest.version())
                .Add("issuedAt", manifest.issuedAt().toString())
                .Add("validUntil", manifest.validUntil().toString())
                .Add("sections", sections);
        return root.ToJSONString().getBytes(StandardCharsets.UTF_8);
    }
}
