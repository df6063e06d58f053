package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.demo.Hc1Issuer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A correctly signed bundle whose rule sets or value sets the kiosk cannot use is refused at install with the
 * reason, and the installed bundle stays; nothing is dropped silently.
 */
class BundleUsabilityTest {
    private static final Instant NOW = Instant.parse("2024-05-02T00:00:00Z");
    private static final KeyPair ROOT = RootKeys.generate();
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("usability test", NOW.minus(Duration.ofDays(9)),
            NOW.plus(Duration.ofDays(300)));

    @TempDir
    Path dir;

    @Test
    void aBundleWithAnUnusableRuleSetOrValueSetIsRefusedAndTheInstalledOneKept() throws Exception {
        BundleInstaller installer = new BundleInstaller(dir.resolve("site/trust-bundle.pgtb"),
                TestBundles.pinned(ROOT), Clock.fixed(NOW, ZoneOffset.UTC));
        BundleContent good = TestBundles.content(ISSUER);
        assertThat(installer.install(TestBundles.write(dir.resolve("v1.pgtb"), 1, NOW.minusSeconds(60), good, ROOT)))
                .isInstanceOf(InstallResult.Installed.class);
        BundleContent opaqueRules = new BundleContent(good.dccSigners(), good.shcIssuers(), good.pg1Keys(),
                Map.of("gym", CBORObject.FromJSONString("{\"rules\":[{\"id\":\"GR-KR-0001\"}]}")), good.valueSets());
        BundleContent badValueSets = new BundleContent(good.dccSigners(), good.shcIssuers(), good.pg1Keys(),
                good.ruleSets(), Optional.of(CBORObject.FromJSONString("{\"vaccines\":42}")));

        InstallResult rules = installer.install(TestBundles.write(dir.resolve("v2.pgtb"), 2, NOW.minusSeconds(30),
                opaqueRules, ROOT));
        InstallResult values = installer.install(TestBundles.write(dir.resolve("v3.pgtb"), 3, NOW.minusSeconds(20),
                badValueSets, ROOT));

        assertThat(rules).isInstanceOfSatisfying(InstallResult.Refused.class, refused -> {
            assertThat(refused.reason()).startsWith("a section the kiosk cannot use: rule-sets.gym");
            assertThat(refused.installedVersion()).isEqualTo(1);
        });
        assertThat(values).isInstanceOfSatisfying(InstallResult.Refused.class, refused ->
                assertThat(refused.reason()).contains("value-sets.vaccines: found a Integer, expected an array"));
        assertThat(installer.installedVersion()).isEqualTo(1);
    }
}
