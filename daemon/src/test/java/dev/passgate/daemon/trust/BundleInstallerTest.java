package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.daemon.demo.Hc1Issuer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleInstallerTest {
    private static final Instant NOW = Instant.parse("2024-05-02T00:00:00Z");
    private static final Instant ISSUED = NOW.minus(Duration.ofHours(6));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final KeyPair ROOT = RootKeys.generate();
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("installer test", NOW.minus(Duration.ofDays(9)),
            NOW.plus(Duration.ofDays(300)));

    @TempDir
    Path dir;

    private Path site;
    private Path installed;
    private BundleInstaller installer;

    @BeforeEach
    void setUp() throws IOException {
        site = Files.createDirectories(dir.resolve("site"));
        installed = site.resolve("trust-bundle.pgtb");
        installer = new BundleInstaller(installed, TestBundles.pinned(ROOT), CLOCK);
    }

    @Test
    void installsAVerifiedBundleIntoAnEmptyFolder() throws Exception {
        Path offered = bundle("v7.pgtb", 7, ROOT);

        InstallResult result = installer.install(offered);

        assertThat(result).isInstanceOf(InstallResult.Installed.class);
        assertThat(((InstallResult.Installed) result).previousVersion()).isZero();
        assertThat(((InstallResult.Installed) result).bundle().file()).isEqualTo(installed);
        assertThat(Files.readAllBytes(installed)).isEqualTo(Files.readAllBytes(offered));
        assertThat(installer.installedVersion()).isEqualTo(7);
        assertThat(strayFiles()).isEmpty();
    }

    @Test
    void replacesTheInstalledBundleWithANewerOne() throws Exception {
        installer.install(bundle("v7.pgtb", 7, ROOT));

        InstallResult result = installer.install(bundle("v8.pgtb", 8, ROOT));

        assertThat(result).isInstanceOf(InstallResult.Installed.class);
        assertThat(((InstallResult.Installed) result).previousVersion()).isEqualTo(7);
        assertThat(installer.installedVersion()).isEqualTo(8);
    }

    @Test
    void refusesAnOlderBundleAndKeepsTheInstalledOne() throws Exception {
        installer.install(bundle("v7.pgtb", 7, ROOT));
        byte[] before = Files.readAllBytes(installed);

        InstallResult result = installer.install(bundle("v6.pgtb", 6, ROOT));

        assertThat(result).isEqualTo(new InstallResult.Refused(
                "found version 6, expected a version greater than the installed 7 (no rollback)", 7));
        assertThat(Files.readAllBytes(installed)).isEqualTo(before);
        assertThat(strayFiles()).isEmpty();
    }

    @Test
    void treatsTheSameBundleAsUnchangedAndOtherContentUnderItsVersionAsRefused() throws Exception {
        Path v7 = bundle("v7.pgtb", 7, ROOT);
        installer.install(v7);

        assertThat(installer.install(v7)).isEqualTo(new InstallResult.Unchanged(7));
        InstallResult other = installer.install(bundle("v7-other.pgtb", 7, ROOT));
        assertThat(other).isInstanceOf(InstallResult.Refused.class);
        assertThat(((InstallResult.Refused) other).reason()).endsWith("(the same version with other content)");
    }

    @Test
    void refusesATamperedBundleNamingWhatWasWrongAndKeepsTheInstalledOne() throws Exception {
        installer.install(bundle("v7.pgtb", 7, ROOT));
        byte[] before = Files.readAllBytes(installed);
        Path tampered = bundle("v8.pgtb", 8, ROOT);
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length - 20] ^= 0x40;
        Files.write(tampered, bytes);

        InstallResult result = installer.install(tampered);

        assertThat(result).isInstanceOf(InstallResult.Refused.class);
        assertThat(((InstallResult.Refused) result).reason()).startsWith("revocation section: ");
        assertThat(((InstallResult.Refused) result).installedVersion()).isEqualTo(7);
        assertThat(Files.readAllBytes(installed)).isEqualTo(before);
    }

    @Test
    void refusesABundleByAnUnpinnedRoot() throws Exception {
        InstallResult result = installer.install(bundle("v7.pgtb", 7, RootKeys.generate()));

        assertThat(((InstallResult.Refused) result).reason()).contains("none of them pinned");
        assertThat(installed).doesNotExist();
    }

    @Test
    void refusesABundleOutsideItsWindowButToleratesASmallClockSkew() throws Exception {
        Path expired = TestBundles.write(dir.resolve("old.pgtb"), 7, NOW.minus(Duration.ofDays(31)),
                TestBundles.content(ISSUER), ROOT);
        Path future = TestBundles.write(dir.resolve("future.pgtb"), 8, NOW.plus(Duration.ofMinutes(6)),
                TestBundles.content(ISSUER), ROOT);
        Path skewed = TestBundles.write(dir.resolve("skewed.pgtb"), 9, NOW.plus(Duration.ofMinutes(4)),
                TestBundles.content(ISSUER), ROOT);

        assertThat(((InstallResult.Refused) installer.install(expired)).reason())
                .isEqualTo("the bundle expired at 2024-05-01T00:00:00Z, before the kiosk's clock 2024-05-02T00:00:00Z");
        assertThat(((InstallResult.Refused) installer.install(future)).reason())
                .startsWith("found issuedAt 2024-05-02T00:06:00Z, expected it no later than the kiosk's clock");
        assertThat(installer.install(skewed)).isInstanceOf(InstallResult.Installed.class);
    }

    @Test
    void aFailureAtTheRenameLeavesTheInstalledBundleAndNoTemporaryFile() throws Exception {
        installer.install(bundle("v7.pgtb", 7, ROOT));
        byte[] before = Files.readAllBytes(installed);
        BundleInstaller failing = new BundleInstaller(installed, TestBundles.pinned(ROOT), CLOCK, (temp, target) -> {
            throw new IOException("injected: disk full at the rename");
        });

        assertThatThrownBy(() -> failing.install(bundle("v8.pgtb", 8, ROOT)))
                .isInstanceOf(IOException.class).hasMessageContaining("injected");

        assertThat(Files.readAllBytes(installed)).isEqualTo(before);
        assertThat(strayFiles()).isEmpty();
    }

    @Test
    void anInstalledBundleByAnUnpinnedRootCountsAsNone() throws Exception {
        KeyPair retired = RootKeys.generate();
        new BundleInstaller(installed, TestBundles.pinned(retired), CLOCK).install(bundle("v9.pgtb", 9, retired));

        InstallResult result = installer.install(bundle("v2.pgtb", 2, ROOT));

        assertThat(result).isInstanceOf(InstallResult.Installed.class);
        assertThat(((InstallResult.Installed) result).previousVersion()).isZero();
    }

    private Path bundle(String name, long version, KeyPair root) throws Exception {
        return TestBundles.write(dir.resolve(name), version, ISSUED, TestBundles.content(ISSUER), root);
    }

    /** Files in the site folder other than the bundle and its lock file. */
    private java.util.List<Path> strayFiles() throws IOException {
        try (Stream<Path> files = Files.list(site)) {
            return files.filter(f -> !f.equals(installed) && !f.getFileName().toString().endsWith(".lock")).toList();
        }
    }
}
