package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import dev.passgate.daemon.verify.TrustStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFormatTest {
    private static final Instant ISSUED = Instant.parse("2024-05-01T00:00:00Z");
    private static final KeyPair ROOT = RootKeys.generate();
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("bundle test issuer", ISSUED.minusSeconds(86_400),
            ISSUED.plusSeconds(86_400 * 400L));

    @TempDir
    Path dir;

    @Test
    void readsBackEverySectionItWrote() throws Exception {
        BundleContent content = TestBundles.content(ISSUER);
        Path file = TestBundles.write(dir.resolve("b.pgtb"), 7, ISSUED, content, ROOT);

        TrustBundle bundle = BundleReader.read(file, TestBundles.pinned(ROOT));

        assertThat(bundle.version()).isEqualTo(7);
        assertThat(bundle.issuedAt()).isEqualTo(ISSUED);
        assertThat(bundle.validUntil()).isEqualTo(ISSUED.plusSeconds(30 * 86_400L));
        assertThat(bundle.signedBy()).containsExactly(PinnedRoots.id(RootKeys.keyId(ROOT.getPublic())));
        assertThat(bundle.manifest().sections()).extracting(Manifest.Section::type).containsExactly(
                SectionType.DCC_SIGNERS, SectionType.SHC_ISSUERS, SectionType.PG1_KEYS, SectionType.RULE_SETS,
                SectionType.VALUE_SETS, SectionType.REVOCATION);
        assertThat(bundle.content().dccSigners()).singleElement().satisfies(signer -> {
            assertThat(signer.country()).isEqualTo("KR");
            assertThat(signer.certificate()).isEqualTo(ISSUER.certificate());
        });
        assertThat(bundle.content().shcIssuers()).extracting(BundleContent.ShcIssuer::iss)
                .containsExactly(TestBundles.SHC_ISSUER);
        assertThat(bundle.content().pg1Keys().get(0).key()).isEqualTo(content.pg1Keys().get(0).key());
        assertThat(bundle.content().ruleSets()).isEqualTo(content.ruleSets());
        assertThat(bundle.content().valueSets()).isEqualTo(content.valueSets());
        TrustStore store = bundle.addTo(TrustStore.builder()).build();
        assertThat(store.certificates(TrustStore.dccKeyId(ISSUER.certificate()))).hasSize(1);
        assertThat(store.jwkSet(TestBundles.SHC_ISSUER)).isPresent();
        assertThat(bundle.revocationEntries()).isEqualTo(5);
        List<RevocationEntry> entries = new ArrayList<>();
        try (RevocationSection.Reader reader = bundle.revocations()) {
            reader.forEachRemaining(entries::add);
        }
        assertThat(entries).extracting(RevocationEntry::kind).containsExactly(Kind.DCC_UCI, Kind.DCC_UCI,
                Kind.DCC_UCI, Kind.SHC_RID, Kind.SHC_RID);
        assertThat(entries.get(4).scope()).isEqualTo(TestBundles.SHC_ISSUER + "#" + TestBundles.SHC_KID);
        assertThat(new String(entries.get(4).key(), StandardCharsets.US_ASCII)).isEqualTo("rid_two");
        assertThat(entries.get(4).revokedSince()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(entries.get(0).revokedSince()).isNull();
    }

    @Test
    void refusesAFlippedByteInEveryPartOfTheFile() throws Exception {
        Path file = TestBundles.write(dir.resolve("b.pgtb"), 7, ISSUED, TestBundles.content(ISSUER), ROOT);
        byte[] original = Files.readAllBytes(file);
        Path tampered = dir.resolve("tampered.pgtb");
        List<Integer> accepted = new ArrayList<>();

        // every byte of the fixed header, the signatures and the binary revocation section; every seventh byte of
        // the manifest and the JSON sections, which one signature and one hash each protect as a whole
        Manifest manifest = BundleReader.read(file, TestBundles.pinned(ROOT)).manifest();
        long sections = manifest.sections().stream().mapToLong(Manifest.Section::length).sum();
        int manifestEnd = 10 + java.nio.ByteBuffer.wrap(original, 6, 4).getInt();
        long headerEnd = original.length - sections;
        long revocationStart = original.length - manifest.section(SectionType.REVOCATION).orElseThrow().length();
        for (int i = 0; i < original.length; i += i >= 10 && i < manifestEnd || i >= headerEnd && i < revocationStart
                ? 7 : 1) {
            byte[] copy = original.clone();
            copy[i] ^= 0x01;
            Files.write(tampered, copy);
            try {
                BundleReader.read(tampered, TestBundles.pinned(ROOT));
                accepted.add(i);
            } catch (BundleException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }

        assertThat(accepted).as("offsets whose flipped byte went unnoticed").isEmpty();
    }

    @Test
    void namesTheSectionWhoseBytesChanged() throws Exception {
        Path file = TestBundles.write(dir.resolve("b.pgtb"), 7, ISSUED, TestBundles.content(ISSUER), ROOT);
        byte[] bytes = Files.readAllBytes(file);
        int inRuleSets = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("VENUE-0001");
        bytes[inRuleSets] = 'X';
        Files.write(file, bytes);

        assertThatThrownBy(() -> BundleReader.read(file, TestBundles.pinned(ROOT)))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith("rule-sets section: found SHA-256 ")
                .hasMessageContaining("the section was changed");
    }

    @Test
    void refusesABundleSignedOnlyByAnUnpinnedRoot() throws Exception {
        KeyPair stranger = RootKeys.generate();
        Path file = TestBundles.write(dir.resolve("b.pgtb"), 7, ISSUED, TestBundles.content(ISSUER), stranger);

        assertThatThrownBy(() -> BundleReader.read(file, TestBundles.pinned(ROOT)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("none of them pinned")
                .hasMessageContaining(PinnedRoots.id(RootKeys.keyId(stranger.getPublic())));
    }

    @Test
    void acceptsASignatureByEitherPinnedRootDuringRotation() throws Exception {
        KeyPair next = RootKeys.generate();
        Path byNext = TestBundles.write(dir.resolve("next.pgtb"), 8, ISSUED, TestBundles.content(ISSUER), next);
        Path byBoth = TestBundles.write(dir.resolve("both.pgtb"), 8, ISSUED, TestBundles.content(ISSUER), ROOT, next);

        assertThat(BundleReader.read(byNext, TestBundles.pinned(ROOT, next)).version()).isEqualTo(8);
        assertThat(BundleReader.read(byBoth, TestBundles.pinned(ROOT)).signedBy()).hasSize(1);
        assertThat(BundleReader.read(byBoth, TestBundles.pinned(next)).signedBy()).hasSize(1);
        assertThat(BundleReader.read(byBoth, TestBundles.pinned(ROOT, next)).signedBy()).hasSize(2);
        assertThatThrownBy(() -> BundleReader.read(byNext, TestBundles.pinned(ROOT)))
                .isInstanceOf(BundleException.class);
    }

    @Test
    void refusesALaterFormatVersionATruncatedFileAndTrailingBytes() throws Exception {
        Path file = TestBundles.write(dir.resolve("b.pgtb"), 7, ISSUED, TestBundles.content(ISSUER), ROOT);
        byte[] bytes = Files.readAllBytes(file);

        byte[] later = bytes.clone();
        later[5] = 2;
        Files.write(file, later);
        assertThatThrownBy(() -> BundleReader.read(file, TestBundles.pinned(ROOT)))
                .hasMessage("found format version 2, expected 1");

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> BundleReader.read(file, TestBundles.pinned(ROOT)))
                .hasMessage("file length: found " + (bytes.length - 10) + " bytes, expected " + bytes.length
                        + " (header and sections as the manifest lists them); the file is truncated");

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length + 1));
        assertThatThrownBy(() -> BundleReader.read(file, TestBundles.pinned(ROOT)))
                .hasMessageStartingWith("file length: found " + (bytes.length + 1) + " bytes");
    }

    @Test
    void refusesSignedContentThatDoesNotParse() throws Exception {
        String wrongKid = "{\"certificates\":[{\"kid\":\"AAAAAAAAAAA=\",\"country\":\"KR\",\"certificateType\":\"DSC\","
                + "\"rawData\":\"" + java.util.Base64.getEncoder().encodeToString(ISSUER.certificate().getEncoded())
                + "\"}]}";
        Path file = dir.resolve("b.pgtb");
        BundleWriter.bundle(7, ISSUED, ISSUED.plusSeconds(86_400)).rawSection(SectionType.DCC_SIGNERS,
                wrongKid.getBytes(StandardCharsets.UTF_8)).signWith(ROOT.getPrivate()).writeTo(file);

        assertThatThrownBy(() -> BundleReader.read(file, TestBundles.pinned(ROOT)))
                .hasMessageContaining("dcc-signers certificates[0]: found kid \"AAAAAAAAAAA=\", expected");

        BundleWriter.bundle(7, ISSUED, ISSUED.plusSeconds(86_400)).rawSection(SectionType.VALUE_SETS,
                ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8))
                .signWith(ROOT.getPrivate()).writeTo(file);
        assertThatThrownBy(() -> BundleReader.read(file, TestBundles.pinned(ROOT)))
                .hasMessage("value-sets: found JSON nested 100000 deep, expected at most 64");
    }

    @Test
    void refusesARevocationSectionWhoseCountDisagreesWithTheManifest() throws Exception {
        BundleWriter.Revocation section = TestBundles.revocation(dir.resolve("r.bin"), 4);
        Path file = dir.resolve("b.pgtb");
        BundleWriter.bundle(7, ISSUED, ISSUED.plusSeconds(86_400)).revocation(new BundleWriter.Revocation(
                section.file(), section.length(), section.sha256(), section.entries() + 1))
                .signWith(ROOT.getPrivate()).writeTo(file);

        assertThatThrownBy(() -> BundleReader.read(file, TestBundles.pinned(ROOT)))
                .hasMessage("revocation section: found 6 entries, expected 7 as the manifest says");
    }

    @Test
    void keepsRuleSetsAsOpaqueJson() throws Exception {
        CBORObject rules = CBORObject.FromJSONString("{\"anything\":[1,2,{\"x\":null}]}");
        Path file = dir.resolve("b.pgtb");
        BundleWriter.bundle(1, ISSUED, ISSUED.plusSeconds(60)).content(new BundleContent(List.of(), List.of(),
                List.of(), java.util.Map.of("gym", rules), java.util.Optional.empty())).signWith(ROOT.getPrivate())
                .writeTo(file);

        TrustBundle bundle = BundleReader.read(file, TestBundles.pinned(ROOT));

        assertThat(bundle.content().ruleSets()).containsEntry("gym", rules);
        assertThat(bundle.manifest().sections()).extracting(Manifest.Section::type)
                .containsExactly(SectionType.RULE_SETS);
        try (RevocationSection.Reader none = bundle.revocations()) {
            assertThat(none.hasNext()).isFalse();
        }
    }
}
