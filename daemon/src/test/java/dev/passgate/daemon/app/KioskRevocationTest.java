package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.Inflation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.revocation.DccRevocationKeys;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationStore;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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

/** The kiosk consults {@code <data_dir>/revocation.db} when the file is there at start-up. */
class KioskRevocationTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    @Test
    void passListedInTheDataFoldersStoreIsRevoked() throws Exception {
        String valid = PASSES.samples().get(0).text();
        Files.createDirectories(dir.resolve("data"));
        try (RevocationStore store = RevocationStore.open(dir.resolve("data").resolve(Kiosk.REVOCATION_FILE))) {
            store.replaceAll(List.of(new RevocationEntry(RevocationEntry.Kind.DCC_SIGNATURE, "",
                    DccRevocationKeys.signatureHash(coseOf(valid).signature(), -7), null)).iterator(), 1);
        }

        Decision decision = decide(valid);

        assertThat(decision.outcome().verdict().name()).isEqualTo("REVOKED");
        assertThat(decision.outcome().checks()).containsEntry("revocation", false);
    }

    @Test
    void withoutAStoreTheStepIsSkipped() throws Exception {
        Decision decision = decide(PASSES.samples().get(0).text());

        assertThat(decision.outcome().verdict().name()).isEqualTo("VALID");
        assertThat(decision.outcome().checks()).doesNotContainKey("revocation");
        assertThat(Files.exists(dir.resolve("data").resolve(Kiosk.REVOCATION_FILE))).isFalse();
    }

    @Test
    void unusableStoreIsLeftOutAndTheKioskStillDecides() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve(Kiosk.REVOCATION_FILE), "this is not a SQLite database file");

        Decision decision = decide(PASSES.samples().get(0).text());

        assertThat(decision.outcome().verdict().name()).isEqualTo("VALID");
        assertThat(decision.outcome().checks()).doesNotContainKey("revocation");
    }

    private Decision decide(String text) throws Exception {
        Environment env = new Environment(Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                TrustStore.builder().add(PASSES.issuerCertificate()).build(), decision -> { });
        try (Kiosk kiosk = Kiosk.assemble(config(), env)) {
            return kiosk.gate().handle(new ScannedCode("test", text, false, 0));
        }
    }

    private PassgateConfig config() throws Exception {
        Path file = Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[device]", "id = \"kiosk-revocation\"", "data_dir = \"data\"", ""));
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }

    private static CoseSign1 coseOf(String hc1) {
        byte[] compressed = new Base45().decode(hc1.substring(4).getBytes(StandardCharsets.US_ASCII));
        return CoseSign1.parse(Inflation.zlib(compressed, 1 << 16).bytes(), Limits.DEFAULT).message();
    }
}
