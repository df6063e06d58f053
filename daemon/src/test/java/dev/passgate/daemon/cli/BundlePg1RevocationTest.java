package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.pg1.Pg1KeyFiles;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PG1 revocation carried in a bundle ({@code bundle make --pg1-revocation}): a pass is {@code REVOKED} after its
 * signatures check out when its credential digest, its holder key hash or its issuer key id is listed.
 */
class BundlePg1RevocationTest {
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
    void aPassIsRevokedByItsCredentialDigestHolderKeyOrIssuerKeyIdAndOthersStayValid() throws Exception {
        String credential = base64(Pg1Keys.sha256(Files.readAllBytes(dir.resolve("credential.cose"))));
        String holder = base64(Pg1Keys.sha256(Pg1Keys.raw(Pg1KeyFiles.readPublic(dir.resolve("wallet/holder.pub")))));
        String other = base64(new byte[32]);

        CBORObject byCredential = answerWith("c.pgtb", "{\"credentials\":[\"" + credential + "\"]}");
        CBORObject byHolder = answerWith("h.pgtb", "{\"holderKeys\":[\"" + holder + "\"]}");
        CBORObject byIssuer = answerWith("i.pgtb", "{\"issuers\":[\"" + kid + "\"]}");
        CBORObject notListed = answerWith("n.pgtb", "{\"credentials\":[\"" + other + "\"]}");

        assertThat(byCredential.get("verdict").AsString()).isEqualTo("REVOKED");
        assertThat(byCredential.get("reason").AsString()).endsWith("by its credential digest");
        assertThat(byCredential.get("checks").get("signature").AsBoolean()).isTrue();
        assertThat(byCredential.get("checks").get("revocation").AsBoolean()).isFalse();
        assertThat(byHolder.get("reason").AsString()).endsWith("by its holder key");
        assertThat(byIssuer.get("reason").AsString()).endsWith("by its issuer key id");
        assertThat(notListed.get("verdict").AsString()).isEqualTo("VALID");
        assertThat(notListed.get("checks").get("revocation").AsBoolean()).isTrue();
    }

    @Test
    void aDigestOfTheWrongLengthIsRefusedAtBundleMake() throws Exception {
        Files.writeString(dir.resolve("short.json"), "{\"credentials\":[\"AAAA\"]}");

        CliRun make = make("short.pgtb", "--pg1-revocation", dir.resolve("short.json").toString());

        assertThat(make.exitCode()).isEqualTo(1);
        assertThat(make.err()).contains("pg1-revocation credentials[0]: found 3 bytes, expected 32");
    }

    private CBORObject answerWith(String bundle, String revocation) throws Exception {
        Path file = Files.writeString(dir.resolve(bundle + ".json"), revocation);
        CliRun made = make(bundle, "--pg1-key", dir.resolve("issuer/issuer.pub").toString(), "--pg1-revocation",
                file.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        CliRun verify = CliRun.verify("", CLOCK, "--policy", "none", "--bundle", dir.resolve(bundle).toString(),
                "--root", dir.resolve("keys/root.pub").toString(), presentation);
        return CBORObject.FromJSONString(verify.lines().get(0));
    }

    private static String base64(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private CliRun make(String name, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bundle", "make", "--root-key",
                dir.resolve("keys/root.key").toString(), "--version", "3", "--issued-at", "2022-02-01T08:00:00Z",
                "--out", dir.resolve(name).toString()));
        args.addAll(java.util.List.of(extra));
        return CliRun.main(args.toArray(String[]::new));
    }
}
