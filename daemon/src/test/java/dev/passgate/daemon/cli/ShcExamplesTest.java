package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.testing.Corpora;
import dev.passgate.daemon.testing.SvgQr;
import dev.passgate.daemon.verify.shc.NumericQr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four SMART Health Cards specification examples ({@code ../shared/corpora/smart-health-cards-examples}),
 * verified through {@code passgate verify} while trusting the example issuer's JWK set with its CRL: 00 and 01
 * are valid (01 through the key that carries an x5c chain), 02 is chunked and refused, 03 is revoked and, after
 * its exp of 2024-06-21, expired.
 */
class ShcExamplesTest {
    private static final Path EXAMPLES = Corpora.root().resolve("smart-health-cards-examples/examples");
    private static final String BEFORE_EXP = "2023-07-01T00:00:00Z";
    private static final String AFTER_EXP = "2024-07-01T00:00:00Z";
    private static final Clock WALL_CLOCK_MUST_NOT_BE_USED = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"),
            ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void answersEachSpecExampleAsTheSpecificationDescribesIt() {
        String batch = String.join("\n", request("00", 0, BEFORE_EXP), request("01", 0, BEFORE_EXP),
                request("02", 0, BEFORE_EXP), request("02", 1, BEFORE_EXP), request("02", 2, BEFORE_EXP),
                request("03", 0, BEFORE_EXP), request("03", 0, AFTER_EXP)) + "\n";

        CliRun run = CliRun.verify(batch, WALL_CLOCK_MUST_NOT_BE_USED, "--batch", "--policy", "none");

        List<CBORObject> answers = run.lines().stream().map(CBORObject::FromJSONString).toList();
        System.out.println("SMART Health Cards spec examples: " + answers.stream().map(a -> a.get("id").AsString()
                + " " + a.get("verdict").AsString()).toList());
        assertThat(answers).extracting(a -> a.get("verdict").AsString()).containsExactly("VALID", "VALID",
                "UNSUPPORTED", "UNSUPPORTED", "UNSUPPORTED", "REVOKED", "EXPIRED");
        assertThat(run.lines().get(0)).contains("\"format\":\"SHC\",\"checks\":{\"prefix\":true,\"numeric\":true,"
                + "\"jws\":true,\"inflate\":true,\"json\":true,\"signature\":true,\"validity\":true,"
                + "\"revocation\":true}");
        assertThat(answers.get(0).get("kid").AsString()).isEqualTo("3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s");
        assertThat(answers.get(0).get("type").AsString()).isEqualTo("v");
        assertThat(answers.get(1).get("kid").AsString()).isEqualTo("EBKOr72QQDcTBUuVzAzkfBTGew0ZA16GuWty64nS-sw");
        assertThat(answers.get(2).get("reason").AsString()).contains("chunk 1 of 3");
        assertThat(answers.get(5).get("checks").get("revocation").AsBoolean()).isFalse();
        assertThat(answers.get(6).get("checks").get("validity").AsBoolean()).isFalse();
        assertThat(run.out()).doesNotContain("Anyperson", "1951-01-20", "vwAjHdarZuc");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void takesTheIssuerAndItsCrlFromATrustFileAndSaysWhenRevocationWasNotChecked() throws Exception {
        CBORObject withCrl = ShcDevToolsCases.exampleTrust();
        CBORObject withoutCrl = CBORObject.NewOrderedMap().Add("iss", withCrl.get("iss"))
                .Add("jwks", withCrl.get("jwks"));
        Path trustFile = Files.writeString(dir.resolve("issuer.json"), withCrl.ToJSONString());
        Path bareFile = Files.writeString(dir.resolve("issuer-no-crl.json"), withoutCrl.ToJSONString());
        String card03 = numeric("03", 0);

        CliRun revoked = CliRun.verify("", WALL_CLOCK_MUST_NOT_BE_USED, "--policy", "none",
                "--trust", trustFile.toString(), "--at", BEFORE_EXP, card03);
        CliRun unchecked = CliRun.verify("", WALL_CLOCK_MUST_NOT_BE_USED, "--policy", "none",
                "--trust", bareFile.toString(), "--at", BEFORE_EXP, card03);

        assertThat(CBORObject.FromJSONString(revoked.lines().get(0)).get("verdict").AsString()).isEqualTo("REVOKED");
        CBORObject answer = CBORObject.FromJSONString(unchecked.lines().get(0));
        assertThat(answer.get("verdict").AsString()).isEqualTo("VALID");
        assertThat(answer.get("checks").get("revocation")).isNull();
        assertThat(answer.get("reason").AsString()).contains("revocation was not checked", "crlVersion 1");
    }

    @Test
    void answersAnErrorForTrustWhoseCrlsAreNotAnArrayAndGoesOn() {
        CBORObject badTrust = ShcDevToolsCases.exampleTrust().Set("crls", "not a list");
        String bad = CBORObject.NewOrderedMap().Add("id", "bad").Add("text", numeric("00", 0)).Add("at", BEFORE_EXP)
                .Add("trust", CBORObject.NewArray().Add(badTrust)).ToJSONString();

        CliRun run = CliRun.verify(bad + "\n" + request("00", 0, BEFORE_EXP) + "\n", WALL_CLOCK_MUST_NOT_BE_USED,
                "--batch", "--policy", "none");

        assertThat(CBORObject.FromJSONString(run.lines().get(0)).get("error").AsString())
                .contains("crls", "expected an array");
        assertThat(CBORObject.FromJSONString(run.lines().get(1)).get("verdict").AsString()).isEqualTo("VALID");
    }

    @Test
    void theJwsQrTextAndRenderedSvgOfEachExampleAreTheSameCard() throws Exception {
        for (String example : List.of("00", "01", "03")) {
            String jws = Files.readString(EXAMPLES.resolve("example-" + example + "-d-jws.txt")).strip();
            String svg = Files.readString(EXAMPLES.resolve("example-" + example + "-g-qr-code-0.svg"));
            Path png = dir.resolve(example + ".png");
            ImageIO.write(SvgQr.render(svg, 4), "png", png.toFile());

            CliRun decoded = CliRun.main("decode", png.toString());

            assertThat(NumericQr.encode(jws)).isEqualTo(numeric(example, 0));
            assertThat(CBORObject.FromJSONString(decoded.lines().get(0)).get("text").AsString())
                    .isEqualTo(numeric(example, 0));
        }
    }

    private static String request(String example, int chunk, String at) {
        return CBORObject.NewOrderedMap().Add("id", example + "/" + chunk + "@" + at).Add("text", numeric(example,
                chunk)).Add("at", at).Add("trust", CBORObject.NewArray().Add(ShcDevToolsCases.exampleTrust()))
                .ToJSONString();
    }

    private static String numeric(String example, int chunk) {
        return ShcDevToolsCases.read(EXAMPLES.resolve("example-" + example + "-f-qr-code-numeric-value-" + chunk
                + ".txt")).strip();
    }
}
