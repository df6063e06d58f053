package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.testing.SmallStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    @Test
    void validTextArgumentExitsZeroWithOneAnswer() throws Exception {
        CliRun run = CliRun.verify("", CLOCK, "--trust", pemTrustFile().toString(), valid());

        assertThat(run.exitCode()).isZero();
        CBORObject answer = CBORObject.FromJSONString(run.lines().get(0));
        assertThat(answer.get("verdict").AsString()).isEqualTo("VALID");
        assertThat(answer.get("format").AsString()).isEqualTo("HC1");
        assertThat(run.lines().get(0)).contains("\"checks\":{\"prefix\":true,\"base45\":true,"
                + "\"inflate\":true,"
                + "\"cose\":true,\"cbor\":true,\"schema\":true,\"signature\":true,\"keyusage\":true,"
                + "\"validity\":true,\"policy\":true}");
        assertThat(run.lines().get(0)).startsWith("{\"id\":1,\"verdict\":\"VALID\",\"format\":\"HC1\",\"checks\":");
        assertThat(answer.get("reason").AsString()).isNotBlank();
        assertThat(run.out()).doesNotContain("HONG", "1990-05-17");
    }

    @Test
    void anyInvalidInputMakesExitOne() throws Exception {
        CliRun run = CliRun.verify("", CLOCK, "--trust", pemTrustFile().toString(), valid(), "HC1:nonsense");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(2);
    }

    @Test
    void readsOneCodePerStdinLineWhenNoTextIsGiven() throws Exception {
        String stdin = String.join("\n", PASSES.samples().stream().map(DemoPasses.Sample::text).toList()) + "\n";
        CliRun run = CliRun.verify(stdin, CLOCK, "--trust", pemTrustFile().toString());

        assertThat(run.lines()).extracting(l -> CBORObject.FromJSONString(l).get("verdict").AsString())
                .containsExactly("VALID", "EXPIRED", "INVALID_SIGNATURE", "UNKNOWN_ISSUER");
    }

    @Test
    void trustFileMayBeDerOrBase64Text() throws Exception {
        byte[] der = PASSES.issuerCertificate().getEncoded();
        Path derFile = Files.write(dir.resolve("dsc.der"), der);
        Path b64File = Files.writeString(dir.resolve("dsc.txt"), Base64.getEncoder().encodeToString(der) + "\n");

        assertThat(CliRun.verify("", CLOCK, "--trust", derFile.toString(), valid()).exitCode()).isZero();
        assertThat(CliRun.verify("", CLOCK, "--trust", b64File.toString(), valid()).exitCode()).isZero();
    }

    @Test
    void atAcceptsTheLenientForms() throws Exception {
        for (String at : new String[] {"2022-02-01T09:00:00Z", "2022-02-01T11:00:00+02:00",
            "2022-02-01T11:00:00+0200", "2022-02-01T09:00:00", "2022-02-01T09:00:00.123456789Z"}) {
            CliRun run = CliRun.verify("", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), "--at", at,
                    "--trust", pemTrustFile().toString(), valid());
            assertThat(run.exitCode()).as(at).isZero();
        }
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertThat(CliRun.verify("", CLOCK, "--at", "yesterday", valid()).exitCode()).isEqualTo(2);
        assertThat(CliRun.verify("", CLOCK, "--policy", "no-such-policy", valid()).exitCode()).isEqualTo(2);
        assertThat(CliRun.verify("", CLOCK, "--trust", dir.resolve("missing.pem").toString(), valid()).exitCode())
                .isEqualTo(2);
    }

    @Test
    void batchAnswersEveryLineInOrderAndSurvivesBadLines() throws Exception {
        String cert = Base64.getEncoder().encodeToString(
                PASSES.issuerCertificate().getEncoded());
        String batch = String.join("\n",
                "{\"id\": 1, \"text\": \"" + valid() + "\", \"trust\": [\"" + cert + "\"]}",
                "this is not json",
                "{\"id\": \"no-text\"}",
                "{\"id\": [3], \"text\": \"" + valid() + "\", \"at\": \"2030-01-01T00:00:00Z\", \"trust\": [\"" + cert
                        + "\"]}",
                "{\"id\": null, \"text\": \"" + valid() + "\"}",
                "{\"id\": 5, \"text\": \"hello\", \"policy\": \"none\"}") + "\n";

        CliRun run = CliRun.verify(batch, CLOCK, "--batch");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(6);
        CBORObject[] answers = run.lines().stream().map(CBORObject::FromJSONString).toArray(CBORObject[]::new);
        assertThat(answers[0].get("id").AsInt32()).isEqualTo(1);
        assertThat(answers[0].get("verdict").AsString()).isEqualTo("VALID");
        assertThat(answers[1].get("error")).isNotNull();
        assertThat(answers[2].get("id").AsString()).isEqualTo("no-text");
        assertThat(answers[2].get("error").AsString()).contains("text");
        assertThat(answers[3].get("id").ToJSONString()).isEqualTo("[3]");
        assertThat(answers[3].get("verdict").AsString()).isEqualTo("EXPIRED");
        assertThat(answers[4].get("verdict").AsString()).isEqualTo("UNKNOWN_ISSUER");
        assertThat(answers[5].get("verdict").AsString()).isEqualTo("UNSUPPORTED");
        assertThat(answers[5].get("format").AsString()).isEqualTo("UNKNOWN");
    }

    @Test
    void deeplyNestedBatchLineGetsAnErrorAnswerAndTheBatchGoesOn() {
        String deep = "{\"id\": 1, \"text\": " + "{\"a\":".repeat(150_000) + "1" + "}".repeat(150_001);
        String batch = deep + "\n{\"id\": 2, \"text\": \"hello\"}\n";

        CliRun run = SmallStack.call(() -> CliRun.verify(batch, CLOCK, "--batch"));

        assertThat(run.lines()).hasSize(2);
        assertThat(CBORObject.FromJSONString(run.lines().get(0)).get("error").AsString())
                .isEqualTo("request is not JSON: the JSON is nested deeper than 64 levels");
        assertThat(CBORObject.FromJSONString(run.lines().get(1)).get("verdict").AsString()).isEqualTo("UNSUPPORTED");
    }

    @Test
    void overLongStdinLineIsMalformedNotACrash() {
        CliRun run = CliRun.verify("HC1:" + "A".repeat(100_000) + "\n", CLOCK);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(CBORObject.FromJSONString(run.lines().get(0)).get("verdict").AsString()).isEqualTo("MALFORMED");
    }

    private static String valid() {
        return PASSES.samples().get(0).text();
    }

    private Path pemTrustFile() throws Exception {
        byte[] der = PASSES.issuerCertificate().getEncoded();
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(dir.resolve("dsc.pem"), pem);
    }
}
