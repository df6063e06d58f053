package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.Inflation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.revocation.DccRevocationKeys;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.codec.binary.Base45;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyRevocationOptionTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    @Test
    void passWhoseSignatureIsListedIsRevokedAndExitsOne() throws Exception {
        String valid = PASSES.samples().get(0).text();
        Path store = store(new RevocationEntry(RevocationEntry.Kind.DCC_SIGNATURE, "",
                DccRevocationKeys.signatureHash(coseOf(valid).signature(), -7), null));

        CliRun run = CliRun.verify("", CLOCK, "--trust", trustFile().toString(), "--revocation", store.toString(),
                valid);

        assertThat(run.exitCode()).isEqualTo(1);
        CBORObject answer = CBORObject.FromJSONString(run.lines().get(0));
        assertThat(answer.get("verdict").AsString()).isEqualTo("REVOKED");
        assertThat(run.lines().get(0)).contains("\"signature\":true,\"revocation\":false,\"keyusage\":true");
    }

    @Test
    void passNotListedIsValidWithTheRevocationStepPassed() throws Exception {
        Path store = store(new RevocationEntry(RevocationEntry.Kind.DCC_UCI, "", new byte[16], null));

        CliRun run = CliRun.verify("", CLOCK, "--trust", trustFile().toString(), "--revocation", store.toString(),
                PASSES.samples().get(0).text());

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines().get(0)).contains("\"signature\":true,\"revocation\":true,\"keyusage\":true");
    }

    @Test
    void missingOrForeignStoreIsAUsageError() throws Exception {
        Path text = Files.writeString(dir.resolve("not-a-store.db"), "hello, this is not SQLite at all");

        CliRun missing = CliRun.verify("", CLOCK, "--revocation", dir.resolve("absent.db").toString(), "HC1:X");
        CliRun foreign = CliRun.verify("", CLOCK, "--revocation", text.toString(), "HC1:X");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--revocation: found no file at");
        assertThat(Files.exists(dir.resolve("absent.db"))).isFalse();
        assertThat(foreign.exitCode()).isEqualTo(2);
    }

    private Path store(RevocationEntry entry) {
        Path file = dir.resolve("revocation.db");
        try (RevocationStore store = RevocationStore.open(file)) {
            store.replaceAll(List.of(entry).iterator(), 1);
        }
        return file;
    }

    private Path trustFile() throws Exception {
        return Files.write(dir.resolve("dsc.der"), PASSES.issuerCertificate().getEncoded());
    }

    private static CoseSign1 coseOf(String hc1) {
        byte[] compressed = new Base45().decode(hc1.substring(4).getBytes(StandardCharsets.US_ASCII));
        return CoseSign1.parse(Inflation.zlib(compressed, 1 << 16).bytes(), Limits.DEFAULT).message();
    }
}
