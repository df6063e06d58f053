package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.verify.TrustStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden version 1 files under {@code trust/} in the test resources, written once by
 * {@link GoldenFilesWriter}. Every later version of the readers must still read them to exactly these values.
 */
class GoldenFilesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/trust");
    private static final String ROOT_A = "MCowBQYDK2VwAyEALy5QeF4RRD9BSGPNKBeN6Zf6McYA+ZOzTARQJOW8Beg=";
    private static final String ROOT_B = "MCowBQYDK2VwAyEAzUrxuyZvgrDh02JVVDX3sLL9Bqznr8Iob8QYnrdmDtQ=";

    @TempDir
    Path dir;

    @Test
    void readsTheFullVersionOneBundle() throws Exception {
        TrustBundle bundle = BundleReader.read(GOLDEN.resolve("bundle-v1-full.pgtb"), PinnedRoots.of(List.of(ROOT_A)));

        assertThat(bundle.version()).isEqualTo(7);
        assertThat(bundle.issuedAt()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(bundle.validUntil()).isEqualTo(Instant.parse("2124-05-01T00:00:00Z"));
        assertThat(bundle.manifest().sections()).extracting(s -> s.type().wireName()).containsExactly(
                "dcc-signers", "shc-issuers", "pg1-keys", "rule-sets", "value-sets", "revocation");
        BundleContent content = bundle.content();
        assertThat(content.dccSigners()).singleElement().satisfies(signer -> {
            assertThat(signer.kid()).isEqualTo("DpU//6Gb/Zg=");
            assertThat(signer.country()).isEqualTo("KR");
            assertThat(signer.certificate().getSubjectX500Principal().getName())
                    .isEqualTo("C=KR,CN=passgate golden issuer");
        });
        TrustStore store = bundle.addTo(TrustStore.builder()).build();
        assertThat(store.certificates(Base64.getDecoder().decode("DpU//6Gb/Zg="))).hasSize(1);
        assertThat(store.jwkSet("https://shc.example.org/issuer").orElseThrow().get("keys").get(0).get("kid")
                .AsString()).isEqualTo(TestBundles.SHC_KID);
        assertThat(content.pg1Keys()).singleElement().satisfies(key -> {
            assertThat(key.id()).isEqualTo("pg1-2024");
            assertThat(Base64.getEncoder().encodeToString(RootKeys.raw(key.key())))
                    .isEqualTo("OXG+W2a4vLcGuT0/oEzbrFwzo563fHmGeZCXbyiWW2k=");
        });
        assertThat(content.ruleSets().get("venue-default").ToJSONString())
                .isEqualTo("{\"rules\":[{\"id\":\"GR-KR-0001\"}]}");
        assertThat(content.valueSets().orElseThrow().get("disease-agent-targeted").get("840539006").AsString())
                .isEqualTo("COVID-19");
        assertThat(revocations(bundle)).containsExactly(
                "DCC_UCI KR/AAECAwQFBgc= 101112131415161718191a1b1c1d1e1f null",
                "DCC_UCI KR/AAECAwQFBgc= 202122232425262728292a2b2c2d2e2f null",
                "DCC_SIGNATURE KR/AAECAwQFBgc= 303132333435363738393a3b3c3d3e3f null",
                "SHC_RID https://shc.example.org/issuer#" + TestBundles.SHC_KID + " 4d54497a4e4455324e7a67 null",
                "SHC_RID https://shc.example.org/issuer#" + TestBundles.SHC_KID
                        + " 4f5467334e6a55304d7a49 2024-04-25T00:00:00Z");
    }

    @Test
    void readsTheTwoRootBundleWithEitherRootAndASectionWindowOfItsOwn() throws Exception {
        Path file = GOLDEN.resolve("bundle-v1-two-roots.pgtb");

        TrustBundle byA = BundleReader.read(file, PinnedRoots.of(List.of(ROOT_A)));
        TrustBundle byB = BundleReader.read(file, PinnedRoots.of(List.of(ROOT_B)));
        TrustBundle byBoth = BundleReader.read(file, PinnedRoots.of(List.of(ROOT_B, ROOT_A)));

        assertThat(byA.signedBy()).hasSize(1);
        assertThat(byB.signedBy()).hasSize(1).doesNotContainAnyElementsOf(byA.signedBy());
        assertThat(byBoth.signedBy()).containsExactlyElementsOf(List.of(byA.signedBy().get(0), byB.signedBy().get(0)));
        assertThat(byA.version()).isEqualTo(1);
        assertThat(byA.validUntil()).isEqualTo(Instant.parse("2124-01-01T00:00:00Z"));
        assertThat(byA.content().ruleSets()).containsOnlyKeys("empty");
        assertThat(byA.revocationEntries()).isZero();
    }

    @Test
    void theGoldenRootFilesAreThePinnedKeys() throws Exception {
        assertThat(Base64.getEncoder().encodeToString(RootKeys.readPublicKey(GOLDEN.resolve("root-a.pub"))
                .getEncoded())).isEqualTo(ROOT_A);
        assertThat(Base64.getEncoder().encodeToString(RootKeys.readPublicKey(GOLDEN.resolve("root-b.pub"))
                .getEncoded())).isEqualTo(ROOT_B);
    }

    @Test
    void readsTheVersionOneOverrideAndSyncFiles() throws Exception {
        assertThat(TrustOverride.read(GOLDEN.resolve("override-v1.json"))).contains(new TrustOverride(
                Instant.parse("2024-05-09T08:00:00Z"), Instant.parse("2024-05-09T20:00:00Z"),
                "uplink down, ticket 4711"));
        assertThat(SyncState.read(GOLDEN.resolve("sync-v1.json"))).isEqualTo(new SyncState(
                Optional.of("\"bundle-7\""), Optional.of("Wed, 01 May 2024 00:00:00 GMT"), 7));
    }

    @Test
    void writesTheOverrideAndSyncFilesByteForByteAsTheGoldenOnes() throws Exception {
        TrustOverride.read(GOLDEN.resolve("override-v1.json")).orElseThrow().write(dir.resolve("override"));
        SyncState.read(GOLDEN.resolve("sync-v1.json")).write(dir.resolve("sync"));

        assertThat(dir.resolve("override")).hasSameBinaryContentAs(GOLDEN.resolve("override-v1.json"));
        assertThat(dir.resolve("sync")).hasSameBinaryContentAs(GOLDEN.resolve("sync-v1.json"));
        assertThat(CBORObject.FromJSONString(Files.readString(dir.resolve("sync"))).get("formatVersion").AsInt32())
                .isEqualTo(1);
    }

    private static List<String> revocations(TrustBundle bundle) throws Exception {
        List<String> lines = new ArrayList<>();
        try (RevocationSection.Reader reader = bundle.revocations()) {
            while (reader.hasNext()) {
                RevocationEntry entry = reader.next();
                lines.add(entry.kind() + " " + entry.scope() + " " + HexFormat.of().formatHex(entry.key()) + " "
                        + entry.revokedSince());
            }
        }
        return lines;
    }
}
