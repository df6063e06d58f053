package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.trust.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule sets and value sets in a bundle are policies selectable by name ({@code verify --policy}, {@code
 * verify.policy}); a section the kiosk cannot use is refused at {@code bundle make}; {@code config check} judges
 * the policy name against the installed bundle as {@code run} does.
 */
class BundleRuleSetsTest {
    @TempDir
    Path dir;

    private BundleSite site;

    @BeforeEach
    void site() throws Exception {
        site = new BundleSite(dir);
    }

    @Test
    void aVenueRuleSetInTheBundleIsSelectableByNameAndReadsTheBundlesValueSets() throws Exception {
        assertThat(site.make("refuses.pgtb", 1).exitCode()).isZero();
        Files.writeString(dir.resolve("valuesets.json"), "{\"vaccines-covid-19-names\":{\"valueSetId\":\"x\","
                + "\"valueSetValues\":{\"EU/1/20/1528\":{\"display\":\"Comirnaty\"}}}}");
        assertThat(site.make("accepts.pgtb", 2).exitCode()).isZero();

        CBORObject refused = answer("refuses.pgtb", "venue");
        CBORObject admitted = answer("accepts.pgtb", "venue");

        assertThat(refused.get("verdict").AsString()).isEqualTo("POLICY_REJECTED");
        assertThat(refused.get("reason").AsString()).isEqualTo("the venue does not accept this vaccine"
                + " (venue VENUE-0001)");
        assertThat(admitted.get("verdict").AsString()).isEqualTo("VALID");
        assertThat(admitted.get("reason").AsString()).contains("policy venue admits the pass");
    }

    @Test
    void aPolicyNamedInNoBundleNorBuildIsAUsageErrorListingTheBundlesNames() {
        assertThat(site.make("v1.pgtb", 1).exitCode()).isZero();

        CliRun verify = CliRun.verify("", BundleSite.CLOCK, "--policy", "stadium", "--bundle",
                dir.resolve("v1.pgtb").toString(), "--root", site.keys.resolve("root.pub").toString(),
                BundleSite.valid());

        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.err()).contains("--policy: found 'stadium', expected one of [none, kr-2022, eu-2022, venue]");
    }

    @Test
    void bundleMakeRefusesARuleSetTheKioskCannotUse() throws Exception {
        Files.writeString(dir.resolve("opaque.json"), "{\"rules\":[{\"id\":\"GR-KR-0001\"}]}");
        Files.writeString(dir.resolve("misnamed.json"), TestBundles.venuePolicy("other", "x"));

        CliRun opaque = site.make("opaque.pgtb", 1, "--rules", "gym=" + dir.resolve("opaque.json"));
        CliRun misnamed = site.make("misnamed.pgtb", 1, "--rules", "pool=" + dir.resolve("misnamed.json"));

        assertThat(opaque.exitCode()).isEqualTo(1);
        assertThat(opaque.err()).contains("a section the kiosk cannot use").contains("rule-sets.gym");
        assertThat(Files.exists(dir.resolve("opaque.pgtb"))).isFalse();
        assertThat(misnamed.exitCode()).isEqualTo(1);
        assertThat(misnamed.err()).contains("rule-sets.pool: name: found \"other\", expected \"pool\"");
    }

    @Test
    void configCheckJudgesThePolicyAgainstTheInstalledBundleLikeRun() throws Exception {
        Path venue = Files.writeString(dir.resolve("venue.toml"), Files.readString(site.config)
                + "[verify]\npolicy = \"venue\"\n");
        Path typo = Files.writeString(dir.resolve("typo.toml"), Files.readString(site.config)
                + "[verify]\npolicy = \"kr2022\"\n");
        Path badRoot = Files.writeString(dir.resolve("badroot.toml"), "[device]\ndata_dir = \"var\"\n"
                + "[trust]\nroots = [\"bm90IGEga2V5\"]\n[verify]\npolicy = \"kr-2022\"\n");
        assertThat(site.make("v1.pgtb", 1).exitCode()).isZero();
        assertThat(site.install("v1.pgtb").exitCode()).isZero();

        CliRun good = CliRun.main("config", "check", venue.toString());
        CliRun bad = CliRun.main("config", "check", typo.toString());
        CliRun root = CliRun.main("config", "check", badRoot.toString());
        CliRun verify = CliRun.verify("", BundleSite.CLOCK, "--config", typo.toString(), BundleSite.valid());

        assertThat(good.exitCode()).as(good.err()).isZero();
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains(typo + ":6: verify.policy: found \"kr2022\", expected one of [none, kr-2022,"
                + " eu-2022, venue]");
        assertThat(root.exitCode()).isEqualTo(1);
        assertThat(root.err()).contains(badRoot + ":4: trust.roots");
        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.err()).contains(typo + ":6: verify.policy: found \"kr2022\"");
    }

    private CBORObject answer(String bundle, String policy) {
        CliRun verify = CliRun.verify("", BundleSite.CLOCK, "--policy", policy, "--bundle",
                dir.resolve(bundle).toString(), "--root", site.keys.resolve("root.pub").toString(), BundleSite.valid());
        return CBORObject.FromJSONString(verify.lines().get(0));
    }
}
