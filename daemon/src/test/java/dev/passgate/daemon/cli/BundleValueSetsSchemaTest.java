package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.trust.BundleReader;
import dev.passgate.daemon.trust.PinnedRoots;
import dev.passgate.daemon.trust.RootKeys;
import dev.passgate.daemon.trust.TrustBundle;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value sets a trust bundle carries are the ones the schema step checks coded fields against: a vaccine product
 * the EU added after the shipped copy is no finding once a bundle lists it, and stays a warning
 * ({@code checks.valuesets=false}, pass still VALID) without that bundle. Sets the bundle does not carry keep the
 * shipped codes.
 */
class BundleValueSetsSchemaTest {
    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theBundlesValueSetsReplaceTheShippedOnesOfTheSameIdInTheSchemaStep() throws Exception {
        // given a pass of a product the shipped value sets do not list, and a bundle whose value set lists it
        Hc1Issuer issuer = Hc1Issuer.create("value set issuer", NOW.minus(Duration.ofDays(90)),
                NOW.plus(Duration.ofDays(900)));
        String newProduct = mint(issuer, "EU/1/24/9999", "KR");
        String unknownCountry = mint(issuer, "EU/1/20/1528", "QQ");
        Path keys = dir.resolve("keys");
        assertThat(CliRun.main("bundle", "keygen", "--out", keys.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("valuesets.json"), "{\"vaccines-covid-19-names\":{\"valueSetId\":"
                + "\"vaccines-covid-19-names\",\"valueSetValues\":{\"EU/1/20/1528\":{},\"EU/1/24/9999\":{}}}}");
        CliRun make = CliRun.main("bundle", "make", "--root-key", keys.resolve("root.key").toString(),
                "--valuesets", dir.resolve("valuesets.json").toString(), "--version", "1", "--issued-at",
                NOW.toString(), "--out", dir.resolve("b.pgtb").toString());
        assertThat(make.exitCode()).as(make.err()).isZero();
        String root = Base64.getEncoder().encodeToString(RootKeys.readPublicKey(keys.resolve("root.pub"))
                .getEncoded());
        TrustBundle bundle = BundleReader.read(dir.resolve("b.pgtb"), PinnedRoots.of(List.of(root)));
        TrustStore withBundle = bundle.addTo(TrustStore.builder().add(issuer.certificate())).build();
        TrustStore withoutBundle = TrustStore.builder().add(issuer.certificate()).build();
        PassVerifier verifier = new PassVerifier(Limits.DEFAULT);

        // when
        Outcome listed = verifier.verify(newProduct, withBundle, NOW, Policies.named("none").orElseThrow());
        Outcome shippedOnly = verifier.verify(newProduct, withoutBundle, NOW, Policies.named("none").orElseThrow());
        Outcome otherSet = verifier.verify(unknownCountry, withBundle, NOW, Policies.named("none").orElseThrow());

        // then
        assertThat(listed.verdict()).isEqualTo(Verdict.VALID);
        assertThat(listed.checks()).containsEntry("schema", true).doesNotContainKey("valuesets");
        assertThat(shippedOnly.verdict()).isEqualTo(Verdict.VALID);
        assertThat(shippedOnly.checks()).containsEntry("valuesets", false);
        assertThat(otherSet.checks()).as("country-2-codes still comes from the shipped copy")
                .containsEntry("valuesets", false);
    }

    private static String mint(Hc1Issuer issuer, String product, String country) {
        CBORObject entry = CBORObject.NewOrderedMap().Add("tg", "840539006").Add("vp", "1119349007")
                .Add("mp", product).Add("ma", "ORG-100030215").Add("dn", 2).Add("sd", 2)
                .Add("dt", "2024-03-01").Add("co", country).Add("is", "value set issuer")
                .Add("ci", "URN:UVCI:01:KR:VALUESET#" + product.hashCode());
        CBORObject hcert = CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fn", "TEST").Add("fnt", "TEST").Add("gn", "PASS")
                        .Add("gnt", "PASS"))
                .Add("dob", "1990-01-01").Add("v", CBORObject.NewArray().Add(entry));
        return issuer.sign(hcert, "KR", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100)));
    }
}
