package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden files of {@link GoldenFilesTest} once, with keys minted here and thrown away: only the public
 * halves are kept. It runs only when asked, and the files it wrote are committed; they must never be regenerated
 * for a format change, since their point is that later readers still read what earlier writers wrote:
 * {@code mvn -pl daemon -am verify -Dtest=GoldenFilesWriter -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpassgate.golden.write=daemon/src/test/resources/trust}.
 */
class GoldenFilesWriter {
    static final Instant ISSUED = Instant.parse("2024-05-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2124-05-01T00:00:00Z");
    static final String SCOPE = "KR/AAECAwQFBgc=";
    static final String SHC = "https://shc.example.org/issuer#" + TestBundles.SHC_KID;

    @Test
    @EnabledIfSystemProperty(named = "passgate.golden.write", matches = ".+")
    void writeGoldenFiles() throws Exception {
        Path out = Files.createDirectories(Path.of(System.getProperty("passgate.golden.write")).toAbsolutePath());
        KeyPair rootA = RootKeys.generate();
        KeyPair rootB = RootKeys.generate();
        Files.writeString(out.resolve("root-a.pub"), RootKeys.pem("PUBLIC KEY", rootA.getPublic().getEncoded()));
        Files.writeString(out.resolve("root-b.pub"), RootKeys.pem("PUBLIC KEY", rootB.getPublic().getEncoded()));
        Hc1Issuer issuer = Hc1Issuer.create("passgate golden issuer", ISSUED, UNTIL);
        BundleContent content = new BundleContent(TestBundles.content(issuer).dccSigners(),
                TestBundles.content(issuer).shcIssuers(),
                List.of(new BundleContent.Pg1Key("pg1-2024", RootKeys.ALGORITHM, RootKeys.generate().getPublic())),
                Map.of("venue-default", CBORObject.FromJSONString("{\"rules\":[{\"id\":\"GR-KR-0001\"}]}")),
                Optional.of(CBORObject.FromJSONString("{\"disease-agent-targeted\":{\"840539006\":\"COVID-19\"}}")));
        Path section = out.resolve("revocation.tmp");
        BundleWriter.Revocation revocation;
        try (OutputStream file = Files.newOutputStream(section);
             RevocationSection.Writer writer = new RevocationSection.Writer(file)) {
            writer.group(Kind.DCC_UCI, SCOPE, List.of(dcc(Kind.DCC_UCI, 1), dcc(Kind.DCC_UCI, 2)));
            writer.group(Kind.DCC_SIGNATURE, SCOPE, List.of(dcc(Kind.DCC_SIGNATURE, 3)));
            writer.group(Kind.SHC_RID, SHC, List.of(
                    new RevocationEntry(Kind.SHC_RID, SHC, "MTIzNDU2Nzg".getBytes(), null),
                    new RevocationEntry(Kind.SHC_RID, SHC, "OTg3NjU0MzI".getBytes(),
                            Instant.parse("2024-04-25T00:00:00Z"))));
            writer.close();
            revocation = new BundleWriter.Revocation(section, writer.length(), writer.sha256(), writer.entries());
        }
        BundleWriter.bundle(7, ISSUED, UNTIL).content(content).revocation(revocation).signWith(rootA.getPrivate())
                .writeTo(out.resolve("bundle-v1-full.pgtb"));
        Files.delete(section);
        BundleWriter.bundle(1, ISSUED, UNTIL).content(new BundleContent(List.of(), List.of(), List.of(),
                Map.of("empty", CBORObject.NewMap()), Optional.empty()))
                .sectionWindow(SectionType.RULE_SETS, Instant.parse("2024-04-01T00:00:00Z"),
                        Instant.parse("2124-01-01T00:00:00Z"))
                .signWith(rootA.getPrivate()).signWith(rootB.getPrivate())
                .writeTo(out.resolve("bundle-v1-two-roots.pgtb"));
        new TrustOverride(Instant.parse("2024-05-09T08:00:00Z"), Instant.parse("2024-05-09T20:00:00Z"),
                "uplink down, ticket 4711").write(out.resolve("override-v1.json"));
        new SyncState(Optional.of("\"bundle-7\""), Optional.of("Wed, 01 May 2024 00:00:00 GMT"), 7)
                .write(out.resolve("sync-v1.json"));
    }

    private static RevocationEntry dcc(Kind kind, int n) {
        byte[] key = new byte[16];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (n * 16 + i);
        }
        return new RevocationEntry(kind, SCOPE, key, null);
    }
}
