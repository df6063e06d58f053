package dev.passgate.daemon.trust;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and verifies a trust bundle file completely, or says exactly what is wrong with it.
 *
 * <p>Format version 1 (integers big-endian, unsigned):
 * <pre>
 * offset   size  field
 * 0        4     magic "PGTB" (50 47 54 42)
 * 4        2     format version: 1
 * 6        4     M: manifest length, 2..1048576
 * 10       M     manifest: UTF-8 JSON, below
 * 10+M     1     n: number of signatures, 1..8
 * ...            n signatures, each: root key id (8 bytes: SHA-256 of the root's SubjectPublicKeyInfo, cut to 8),
 *                algorithm:u8 (1 = Ed25519), length:u16 (64), signature bytes
 * ...            the sections, back to back, in manifest order, each exactly as long as the manifest says
 * EOF            the file ends right after the last section
 *
 * manifest = {"version": 1..2^53-1, "issuedAt": INSTANT, "validUntil": INSTANT,
 *             "sections": [{"type": "dcc-signers" | "shc-issuers" | "pg1-keys" | "rule-sets" | "value-sets" |
 *                                   "pg1-revocation" | "revocation", "issuedAt": INSTANT, "validUntil": INSTANT,
 *                           "length": BYTES, "sha256": BASE64, "entries": COUNT (revocation only)}, ...]}
 * </pre>
 * Every signature covers the bytes from offset 0 to 10+M (magic, version, length and manifest); the manifest
 * commits to every section by its SHA-256. INSTANT is ISO-8601 UTC ({@code 2024-05-01T00:00:00Z}). The JSON
 * sections are described in {@link SectionCodecs} and {@code docs/trust-bundle.md}, the revocation section in
 * {@link RevocationSection}. Golden version 1 files live in the test resources under {@code trust/}; every later
 * version of this reader must still read them.
 *
 * <p>Order of checks: size, magic, format version, manifest length, signatures (a signature by a pinned root must
 * verify, and at least one must be by a pinned root) and only then the manifest's JSON, the file length the
 * manifest implies, and each section's hash before (JSON) or while (revocation) it is parsed. Nothing the roots
 * have not signed is parsed beyond the fixed-size header fields. The whole file is at most {@link #MAX_FILE_BYTES}.
 * Not checked here: the validity window and the version against an installed bundle ({@link BundleInstaller}).
 */
public final class BundleReader {
    public static final int FORMAT_VERSION = 1;
    public static final long MAX_FILE_BYTES = ManifestCodec.MAX_REVOCATION_BYTES + (128L << 20);
    static final byte[] MAGIC = "PGTB".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_MANIFEST_BYTES = 1 << 20;
    static final int MAX_SIGNATURES = 8;
    static final int ED25519 = 1;
    static final int ED25519_SIGNATURE_BYTES = 64;
    private static final int FIXED_HEADER_BYTES = 10;

    private BundleReader() {
    }

    /** Reads and verifies the whole file: header, signatures, manifest and every section. */
    public static TrustBundle read(Path file, PinnedRoots roots) throws BundleException, IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new BundleException("found a file of " + size + " bytes, expected at most " + MAX_FILE_BYTES);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            Header header = header(in, roots);
            long expected = header.length() + header.manifest().sections().stream()
                    .mapToLong(Manifest.Section::length).sum();
            if (expected != size) {
                throw new BundleException("file length: found " + size + " bytes, expected " + expected
                        + " (header and sections as the manifest lists them)"
                        + (size < expected ? "; the file is truncated" : ""));
            }
            return sections(file, in, header);
        } catch (EOFException e) {
            throw new BundleException("the file is truncated: it ends inside the header", e);
        }
    }

    /**
     * Reads only the header and checks its signatures, for the version of an installed bundle; the sections are
     * not read. Empty when the file is not a bundle signed by a pinned root.
     */
    public static Optional<Manifest> signedManifest(Path file, PinnedRoots roots) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return Optional.of(header(in, roots).manifest());
        } catch (BundleException | EOFException e) {
            return Optional.empty();
        }
    }

    private static Header header(DataInputStream in, PinnedRoots roots) throws BundleException, IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new BundleException("found no \"PGTB\" magic at the start, expected a passgate trust bundle");
        }
        int format = in.readUnsignedShort();
        if (format != FORMAT_VERSION) {
            throw new BundleException("found format version " + format + ", expected " + FORMAT_VERSION);
        }
        long manifestLength = in.readInt() & 0xFFFFFFFFL;
        if (manifestLength < 2 || manifestLength > MAX_MANIFEST_BYTES) {
            throw new BundleException("found a manifest length of " + manifestLength + ", expected 2.."
                    + MAX_MANIFEST_BYTES);
        }
        byte[] manifestBytes = in.readNBytes((int) manifestLength);
        if (manifestBytes.length < manifestLength) {
            throw new BundleException("the file is truncated: it ends inside the manifest");
        }
        byte[] signed = signedBytes(format, manifestBytes);
        int count = in.readUnsignedByte();
        if (count < 1 || count > MAX_SIGNATURES) {
            throw new BundleException("found " + count + " signatures, expected 1.." + MAX_SIGNATURES);
        }
        long length = FIXED_HEADER_BYTES + manifestLength + 1;
        List<String> verified = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            byte[] keyId = in.readNBytes(RootKeys.KEY_ID_LENGTH);
            int alg = in.readUnsignedByte();
            int signatureLength = in.readUnsignedShort();
            if (alg != ED25519 || signatureLength != ED25519_SIGNATURE_BYTES || keyId.length < RootKeys.KEY_ID_LENGTH) {
                throw new BundleException("signature " + (i + 1) + ": found algorithm " + alg + " with "
                        + signatureLength + " bytes, expected 1 (Ed25519) with 64 bytes");
            }
            byte[] signature = in.readNBytes(signatureLength);
            length += RootKeys.KEY_ID_LENGTH + 3 + signatureLength;
            String id = PinnedRoots.id(keyId);
            if (!seen.add(id)) {
                throw new BundleException("signature " + (i + 1) + ": found a second signature by root " + id
                        + ", expected one per root");
            }
            Optional<PublicKey> root = roots.byId(keyId);
            if (root.isEmpty()) {
                unknown.add(id);
            } else if (RootKeys.verify(root.get(), signed, signature)) {
                verified.add(id);
            } else {
                throw new BundleException("the signature by root " + id + " does not verify: the bundle was changed "
                        + "after signing, or signed with another key");
            }
        }
        if (verified.isEmpty()) {
            throw new BundleException("found signatures by root(s) " + unknown + ", none of them pinned; expected one "
                    + "by a pinned root " + roots.ids());
        }
        Manifest manifest = ManifestCodec.parse(manifestBytes);
        return new Header(manifest, verified, length);
    }

    private static TrustBundle sections(Path file, DataInputStream in, Header header)
            throws BundleException, IOException {
        SectionParts parts = new SectionParts();
        long offset = header.length();
        long revocationOffset = -1;
        for (Manifest.Section section : header.manifest().sections()) {
            String what = section.type().wireName() + " section";
            if (section.type().json()) {
                byte[] bytes = in.readNBytes((int) section.length());
                if (bytes.length < section.length()) {
                    throw new BundleException(what + ": the file is truncated");
                }
                String actual = Base64.getEncoder().encodeToString(sha256().digest(bytes));
                if (!actual.equals(section.sha256())) {
                    throw new BundleException(what + ": found SHA-256 " + actual + ", expected " + section.sha256()
                            + " from the manifest; the section was changed");
                }
                parts.parse(section.type(), bytes);
            } else {
                revocationOffset = offset;
                RevocationSection.Reader entries = new RevocationSection.Reader(in, section);
                try {
                    entries.drain();
                } catch (IllegalStateException e) {
                    throw new BundleException(e.getMessage(), e);
                }
            }
            offset += section.length();
        }
        return new TrustBundle(file, header.manifest(), header.signedBy(), parts.content(), revocationOffset);
    }

    /** The bytes every signature covers: magic, format version, manifest length and manifest. */
    static byte[] signedBytes(int format, byte[] manifest) {
        byte[] signed = new byte[FIXED_HEADER_BYTES + manifest.length];
        System.arraycopy(MAGIC, 0, signed, 0, MAGIC.length);
        signed[4] = (byte) (format >>> 8);
        signed[5] = (byte) format;
        for (int i = 0; i < 4; i++) {
            signed[6 + i] = (byte) (manifest.length >>> (24 - 8 * i));
        }
        System.arraycopy(manifest, 0, signed, FIXED_HEADER_BYTES, manifest.length);
        return signed;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    private record Header(Manifest manifest, List<String> signedBy, long length) {
    }

    /** The parsed JSON sections, collected while reading. */
    private static final class SectionParts {
        private BundleContent content = BundleContent.EMPTY;

        void parse(SectionType type, byte[] bytes) throws BundleException {
            BundleContent c = content;
            content = switch (type) {
                case DCC_SIGNERS -> new BundleContent(SectionCodecs.dccSigners(bytes), c.shcIssuers(), c.pg1Keys(),
                        c.ruleSets(), c.valueSets(), c.pg1Revocations());
                case SHC_ISSUERS -> new BundleContent(c.dccSigners(), SectionCodecs.shcIssuers(bytes), c.pg1Keys(),
                        c.ruleSets(), c.valueSets(), c.pg1Revocations());
                case PG1_KEYS -> new BundleContent(c.dccSigners(), c.shcIssuers(), SectionCodecs.pg1Keys(bytes),
                        c.ruleSets(), c.valueSets(), c.pg1Revocations());
                case RULE_SETS -> new BundleContent(c.dccSigners(), c.shcIssuers(), c.pg1Keys(),
                        SectionCodecs.ruleSets(bytes), c.valueSets(), c.pg1Revocations());
                case VALUE_SETS -> new BundleContent(c.dccSigners(), c.shcIssuers(), c.pg1Keys(), c.ruleSets(),
                        Optional.of(SectionCodecs.valueSets(bytes)), c.pg1Revocations());
                case PG1_REVOCATION -> c.withPg1Revocations(SectionCodecs.pg1Revocations(bytes));
                case REVOCATION -> throw new IllegalArgumentException("the revocation section is not JSON");
            };
        }

        BundleContent content() {
            return content;
        }
    }
}
