package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code passgate bundle keygen}, {@code make} and {@code install}, end to end, then {@code verify} with it. */
class BundleCommandTest {
    @TempDir
    Path dir;

    private BundleSite site;

    @BeforeEach
    void setUp() throws Exception {
        site = new BundleSite(dir);
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndNeverOverwrites() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(site.keys.resolve("root.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(site.keys.resolve("root.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(site.keys.resolve("root.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        byte[] before = Files.readAllBytes(site.keys.resolve("root.key"));

        CliRun again = CliRun.main("bundle", "keygen", "--out", site.keys.toString());

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("exists; a key is never overwritten");
        assertThat(Files.readAllBytes(site.keys.resolve("root.key"))).isEqualTo(before);
    }

    @Test
    void makesInstallsAndVerifiesAPassWithTheBundlesIssuer() {
        CliRun make = site.make("v1.pgtb", 1);
        assertThat(make.exitCode()).as(make.err()).isZero();
        assertThat(make.out()).contains("version 1", "1 DCC signer(s)", "1 SHC issuer(s)", "1 rule set(s)",
                "4 revocation(s)", "signed by 1 root(s)");
        assertThat(make.err()).contains("skipped 1 entries that are not DSC");

        CliRun install = site.install("v1.pgtb");
        assertThat(install.exitCode()).as(install.err()).isZero();
        assertThat(install.out()).contains("version 1", "(was version 0)");

        CliRun verify = CliRun.verify("", BundleSite.CLOCK, "--config", site.config.toString(), BundleSite.valid(),
                BundleSite.unknownIssuer());
        CBORObject valid = CBORObject.FromJSONString(verify.lines().get(0));
        CBORObject unknown = CBORObject.FromJSONString(verify.lines().get(1));
        assertThat(valid.get("verdict").AsString()).isEqualTo("VALID");
        assertThat(valid.get("checks").get("trust").AsBoolean()).isTrue();
        assertThat(valid.get("trust").ToJSONString())
                .isEqualTo("{\"state\":\"FRESH\",\"version\":1,\"ageSeconds\":3600}");
        assertThat(unknown.get("verdict").AsString()).isEqualTo("UNKNOWN_ISSUER");
        assertThat(unknown.get("trust").get("state").AsString()).isEqualTo("FRESH");
    }

    @Test
    void refusesATamperedBundleAndKeepsTheInstalledOne() throws Exception {
        site.make("v1.pgtb", 1);
        site.install("v1.pgtb");
        byte[] installed = Files.readAllBytes(site.installed);
        site.make("v2.pgtb", 2);
        byte[] bytes = Files.readAllBytes(dir.resolve("v2.pgtb"));
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(dir.resolve("v2.pgtb"), bytes);

        CliRun install = site.install("v2.pgtb");

        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(install.err()).startsWith("passgate bundle install: refused " + dir.resolve("v2.pgtb") + ": ")
                .contains("; the installed bundle (version 1) stays");
        assertThat(Files.readAllBytes(site.installed)).isEqualTo(installed);
    }

    @Test
    void refusesARollbackToAnOlderVersion() {
        site.make("v5.pgtb", 5);
        site.make("v4.pgtb", 4);
        assertThat(site.install("v5.pgtb").exitCode()).isZero();

        CliRun older = site.install("v4.pgtb");

        assertThat(older.exitCode()).isEqualTo(1);
        assertThat(older.err()).contains("found version 4, expected a version greater than the installed 5 "
                + "(no rollback); the installed bundle (version 5) stays");
        assertThat(site.install("v5.pgtb").out()).contains("is already installed (version 5)");
    }

    @Test
    void refusesABundleSignedByAnotherRoot() {
        CliRun otherKeys = CliRun.main("bundle", "keygen", "--out", dir.resolve("other").toString());
        assertThat(otherKeys.exitCode()).isZero();
        site.make("other.pgtb", 1, "--root-key", dir.resolve("other/root.key").toString());
        CliRun onlyOther = CliRun.main("bundle", "make", "--root-key", dir.resolve("other/root.key").toString(),
                "--version", "3", "--out", dir.resolve("only-other.pgtb").toString());
        assertThat(onlyOther.exitCode()).as(onlyOther.err()).isZero();

        CliRun refused = site.install("only-other.pgtb");
        CliRun signedByBoth = site.install("other.pgtb");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("none of them pinned");
        assertThat(signedByBoth.exitCode()).as(signedByBoth.err()).isZero();
    }

    @Test
    void rotatesToANewRootPinnedBesideTheOldOne() throws Exception {
        CliRun next = CliRun.main("bundle", "keygen", "--out", dir.resolve("next").toString());
        String nextRoot = next.lines().get(3).replaceAll(".*\\[\"(.*)\"\\]", "$1");
        Files.writeString(site.config, "[device]\ndata_dir = \"var\"\n[trust]\nroots = [\"" + site.rootBase64
                + "\", \"" + nextRoot + "\"]\n");
        CliRun make = CliRun.main("bundle", "make", "--root-key", dir.resolve("next/root.key").toString(),
                "--dsc", dir.resolve("trustlist.json").toString(), "--version", "2", "--issued-at",
                BundleSite.NOW.toString(), "--out", dir.resolve("by-next.pgtb").toString());
        assertThat(make.exitCode()).as(make.err()).isZero();

        assertThat(site.install("by-next.pgtb").exitCode()).isZero();
        CliRun verify = CliRun.verify("", BundleSite.CLOCK, "--config", site.config.toString(), BundleSite.valid());
        assertThat(CBORObject.FromJSONString(verify.lines().get(0)).get("verdict").AsString()).isEqualTo("VALID");
    }

    @Test
    void makeRefusesATrustListEntryWhoseThumbprintIsWrong() throws Exception {
        Path list = dir.resolve("trustlist.json");
        Files.writeString(list, Files.readString(list).replaceAll("\"thumbprint\":\"[0-9a-f]{2}",
                "\"thumbprint\":\"zz"));

        CliRun make = site.make("v1.pgtb", 1);

        assertThat(make.exitCode()).isEqualTo(1);
        assertThat(make.err()).contains("[0]: found thumbprint zz").contains("(SHA-256 of rawData)");
        assertThat(dir.resolve("v1.pgtb")).doesNotExist();
    }

    @Test
    void installWithoutPinnedRootsIsAUsageError() throws Exception {
        site.make("v1.pgtb", 1);
        Files.writeString(site.config, "[device]\ndata_dir = \"var\"\n");

        CliRun install = site.install("v1.pgtb");

        assertThat(install.exitCode()).isEqualTo(2);
        assertThat(install.err()).contains("pins no root in trust.roots");
    }
}
