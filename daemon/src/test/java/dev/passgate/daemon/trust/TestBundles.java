package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import dev.passgate.daemon.verify.TrustStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bundles minted at run time for tests: fresh root keys, a fresh DCC issuer, and a little of every section. */
public final class TestBundles {
    public static final String SHC_ISSUER = "https://shc.example.org/issuer";
    /** The public key of the SMART Health Cards specification's example issuer; its kid is its thumbprint. */
    public static final String SHC_KID = "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s";

    private TestBundles() {
    }

    /** Content with the issuer's certificate, one SHC issuer, one PG1 key, one rule set and value sets. */
    public static BundleContent content(Hc1Issuer issuer) throws Exception {
        return new BundleContent(
                List.of(SectionCodecs.dccSigner("KR", Base64.getEncoder().encodeToString(
                        TrustStore.dccKeyId(issuer.certificate())), issuer.certificate().getEncoded(), "test")),
                List.of(new BundleContent.ShcIssuer(SHC_ISSUER, CBORObject.FromJSONString(
                        "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"" + SHC_KID + "\",\"use\":\"sig\",\"alg\":\"ES256\","
                                + "\"crv\":\"P-256\",\"x\":\"11XvRWy1I2S0EyJlyf_bWfw_TQ5CJJNLw78bHXNxcgw\","
                                + "\"y\":\"eZXwxvO1hvCY0KucrPfKo7yAyMT6Ajc3N7OkAB6VYy8\"}]}"))),
                List.of(new BundleContent.Pg1Key("pg1-2024", RootKeys.ALGORITHM, RootKeys.generate().getPublic())),
                Map.of("venue-default", CBORObject.FromJSONString(venuePolicy("venue-default", "vaccines"))),
                Optional.of(CBORObject.FromJSONString("{\"disease-agent-targeted\":{\"840539006\":\"COVID-19\"}}")));
    }

    /**
     * A policy file (format version 1) named {@code name} with one rule: a vaccination's product ({@code mp}) must be
     * in the value set {@code valueSetId}, else {@code POLICY_REJECTED} "the venue does not accept this vaccine".
     */
    public static String venuePolicy(String name, String valueSetId) {
        return "{\"format\":\"passgate-policy\",\"version\":1,\"name\":\"" + name + "\",\"description\":"
                + "\"A venue's rules, delivered in a trust bundle.\",\"timeZone\":\"UTC\",\"rules\":[{\"id\":"
                + "\"VENUE-0001\",\"certificateType\":\"v\",\"description\":\"The vaccine is one the venue accepts.\","
                + "\"verdict\":\"POLICY_REJECTED\",\"reason\":\"the venue does not accept this vaccine\",\"logic\":"
                + "{\"in\":[{\"var\":\"payload.v.0.mp\"},{\"var\":\"external.valueSets." + valueSetId + "\"}]}}]}";
    }

    /** Writes a revocation section of {@code dccPerGroup} UCI hashes and two SHC rids into {@code file}. */
    public static BundleWriter.Revocation revocation(Path file, int dccPerGroup) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             RevocationSection.Writer writer = new RevocationSection.Writer(out)) {
            List<RevocationEntry> dcc = new ArrayList<>();
            for (int i = 0; i < dccPerGroup; i++) {
                byte[] key = new byte[16];
                key[0] = (byte) i;
                key[1] = (byte) (i >>> 8);
                key[2] = (byte) (i >>> 16);
                dcc.add(new RevocationEntry(Kind.DCC_UCI, "KR/AAECAwQFBgc=", key, null));
            }
            writer.group(Kind.DCC_UCI, "KR/AAECAwQFBgc=", dcc);
            writer.group(Kind.SHC_RID, SHC_ISSUER + "#" + SHC_KID, List.of(
                    new RevocationEntry(Kind.SHC_RID, SHC_ISSUER + "#" + SHC_KID, "rid-one".getBytes(), null),
                    new RevocationEntry(Kind.SHC_RID, SHC_ISSUER + "#" + SHC_KID, "rid_two".getBytes(),
                            Instant.parse("2024-01-01T00:00:00Z"))));
            writer.close();
            return new BundleWriter.Revocation(file, writer.length(), writer.sha256(), writer.entries());
        }
    }

    /** Writes a complete bundle of the given version, issued at {@code issuedAt}, valid for 30 days. */
    public static Path write(Path out, long version, Instant issuedAt, BundleContent content, KeyPair... roots)
            throws IOException {
        BundleWriter writer = BundleWriter.bundle(version, issuedAt, issuedAt.plus(Duration.ofDays(30)))
                .content(content)
                .revocation(revocation(out.resolveSibling(out.getFileName() + ".revocation"), 3));
        for (KeyPair root : roots) {
            writer.signWith(root.getPrivate());
        }
        writer.writeTo(out);
        return out;
    }

    public static PinnedRoots pinned(KeyPair... roots) {
        return PinnedRoots.ofKeys(java.util.Arrays.stream(roots).map(KeyPair::getPublic).toList());
    }
}
