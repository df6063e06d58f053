package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.ChainVerifier;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.verify.schema.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector protocol, version 1: the uploader's real output validates against the published JSON schema, the
 * golden batch in the test resources still reads and verifies and encodes to the same bytes, and malformed
 * batches are refused with the line that is wrong.
 */
class WireFormatTest {
    private static final Path SCHEMA = Path.of("../docs/collector-api.schema.json");

    @TempDir
    Path dir;

    @Test
    void theUploadersRealBatchesAndAnswersValidateAgainstThePublishedSchema() throws Exception {
        JsonSchema lineSchema = JsonSchema.compile(CBORObject.FromJSONString(Files.readString(SCHEMA)));
        CBORObject answerDocument = CBORObject.FromJSONString(Files.readString(SCHEMA));
        answerDocument.Remove("oneOf");
        answerDocument.Add("$ref", "#/$defs/answer");
        JsonSchema answerSchema = JsonSchema.compile(answerDocument);
        try (UploadRig rig = new UploadRig(dir, "gate-schema", Clock.fixed(UploadRig.START, ZoneOffset.UTC), 5)
                .startCollector(CollectorServer.NONE)) {
            rig.scan(12, UploadRig.START);
            UploadBatch batch = UploadBatch.signed(rig.device, rig.key, rig.log.readRecords(0, 100),
                    rig.log.checkpoints());
            byte[] wire = WireFormat.encode(batch);
            String lines = new String(WireFormat.gunzip(wire).orElseThrow(), StandardCharsets.UTF_8);

            for (String line : lines.split("\n")) {
                assertThat(lineSchema.violations(CBORObject.FromJSONString(line), 5)).as(line).isEmpty();
            }
            Delivery delivery = rig.http().send(batch);
            CollectorAnswer answer = ((Delivery.Answered) delivery).answer();
            assertThat(answerSchema.violations(CBORObject.FromJSONString(new String(WireFormat.answer(answer),
                    StandardCharsets.UTF_8)), 5)).isEmpty();
            assertThat(lines.split("\n")).hasSize(1 + 12 + 2);
        }
    }

    @Test
    void readsTheGoldenVersion1BatchVerifiesItsChainAndWritesTheSameBytes() throws Exception {
        byte[] golden = resource("/upload/batch-v1.jsonl");

        WireFormat.Parsed parsed = WireFormat.parse(golden);

        assertThat(parsed.problem()).isNull();
        UploadBatch batch = parsed.batch();
        assertThat(batch.deviceId()).isEqualTo("gate-1");
        assertThat(batch.records()).hasSize(4);
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(batch.publicKey().orElseThrow()));
        ChainReport report = ChainVerifier.verify(batch.deviceId(), key, batch.records(), batch.checkpoints());
        assertThat(report).isInstanceOf(ChainReport.Intact.class);
        assertThat(((ChainReport.Intact) report).lastSignedSequence()).isEqualTo(4);
        assertThat(WireFormat.lines(batch)).isEqualTo(golden);
    }

    @Test
    void refusesMalformedBatchesNamingTheLine() {
        String header = "{\"type\":\"batch\",\"protocol\":1,\"device\":\"g\",\"records\":1,\"checkpoints\":0}\n";
        List<String> problems = List.of(
                "",
                header.replace("\"protocol\":1", "\"protocol\":2"),
                header + "{\"type\":\"record\",\"device\":\"g\",\"seq\":0}\n",
                header + "{\"type\":\"record\",\"device\":\"h\",\"seq\":1}\n",
                header + "[1,2]\n",
                header).stream().map(text -> WireFormat.parse(text.getBytes(StandardCharsets.UTF_8)).problem())
                .toList();

        assertThat(problems).containsExactly(
                "expected JSON lines, each ended by LF, the first a header",
                "line 1: protocol: expected 1",
                "line 2: seq: found 0, expected at least 1",
                "line 2: device: found another device than the header's g",
                "line 2: expected a JSON object",
                "line 1: the header counts 1 records and 0 checkpoints, the batch holds 0 and 0");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WireFormatTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
