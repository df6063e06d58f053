package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PG1 issuer keys delivered in a bundle verify the issuer's passes; the key id need not be typed. */
class BundlePg1KeysTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-02-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private String kid;
    private String presentation;

    @BeforeEach
    void issueAndPresent() throws Exception {
        Pg1Holder holder = Pg1Holder.issueAndPresent(dir);
        kid = holder.kid();
        presentation = holder.presentation();
    }

    @Test
    void aKeyGivenAsAFileOnlyIsUsedUnderTheKeyIdItsPassesCarry() {
        CliRun make = make("file-only.pgtb", dir.resolve("issuer/issuer.pub").toString());

        assertThat(make.exitCode()).as(make.err()).isZero();
        assertThat(make.out()).contains("1 PG1 key(s)");
        assertThat(verdictWith("file-only.pgtb")).isEqualTo("VALID");
    }

    @Test
    void theKeyIdThatIssuerInitPrintsWorksDespiteItsBase64Padding() {
        assertThat(kid).endsWith("=");

        CliRun make = make("with-id.pgtb", kid + "=" + dir.resolve("issuer/issuer.pub"));

        assertThat(make.exitCode()).as(make.err()).isZero();
        assertThat(make.err()).doesNotContain("label");
        assertThat(verdictWith("with-id.pgtb")).isEqualTo("VALID");
    }

    @Test
    void withoutTheKeyInTheBundleThePassHasAnUnknownIssuer() {
        assertThat(make("no-key.pgtb").exitCode()).isZero();

        assertThat(verdictWith("no-key.pgtb")).isEqualTo("UNKNOWN_ISSUER");
    }

    @Test
    void aMissingKeyFileIsAClearError() {
        CliRun make = make("bad.pgtb", kid + "=" + dir.resolve("issuer/absent.pub"));

        assertThat(make.exitCode()).isEqualTo(1);
        assertThat(make.err()).contains("expected FILE or ID=FILE naming an existing");
    }

    private CliRun make(String name, String... pg1Keys) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bundle", "make", "--root-key",
                dir.resolve("keys/root.key").toString(), "--version", "3", "--issued-at", "2022-02-01T08:00:00Z",
                "--out", dir.resolve(name).toString()));
        for (String key : pg1Keys) {
            args.add("--pg1-key");
            args.add(key);
        }
        return CliRun.main(args.toArray(String[]::new));
    }

    private String verdictWith(String bundle) {
        CliRun verify = CliRun.verify("", CLOCK, "--policy", "none", "--bundle", dir.resolve(bundle).toString(),
                "--root", dir.resolve("keys/root.pub").toString(), presentation);
        return CBORObject.FromJSONString(verify.lines().get(0)).get("verdict").AsString();
    }
}
