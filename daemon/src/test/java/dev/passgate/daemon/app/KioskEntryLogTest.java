package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.ChainVerifier;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.SetAside;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk as {@code passgate run} assembles it, with its entry log's keys, upkeep and a corrupt file. */
class KioskEntryLogTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);

    @TempDir
    Path dir;

    @Test
    void startsOnACorruptEntryLogSetsItAsideAndLogsScansInANewOne() throws Exception {
        // given a data folder whose entries.db is garbage
        Path data = Files.createDirectories(dir.resolve("data"));
        byte[] garbage = new byte[64 * 1024];
        new Random(1).nextBytes(garbage);
        Files.write(data.resolve(Kiosk.ENTRY_LOG_FILE), garbage);

        // when the kiosk starts and a pass is scanned
        try (Kiosk kiosk = Kiosk.assemble(config(), environment())) {
            Decision decision = kiosk.gate().handle(new ScannedCode("test", PASSES.samples().get(0).text(), false, 0));

            // then it decides and logs, and its status names the file set aside
            assertThat(decision.outcome().verdict().name()).isEqualTo("VALID");
            assertThat(decision.logged()).isTrue();
            SetAside aside = kiosk.entryLog().status().setAside().orElseThrow();
            assertThat(aside.movedTo().getFileName().toString()).startsWith("entries.db.corrupt-2022");
            assertThat(Files.readAllBytes(aside.movedTo())).isEqualTo(garbage);
        }
        assertThat(ChainVerifier.verify(data.resolve(Kiosk.ENTRY_LOG_FILE), "kiosk-log",
                DeviceKey.readPublicKey(data.resolve("entry-log-signing.pem")))).isInstanceOf(ChainReport.Intact.class);
    }

    @Test
    void createsOwnerOnlyKeysEncryptsAndSignsAsConfigured() throws Exception {
        try (Kiosk kiosk = Kiosk.assemble(config("[entry_log.encryption]\nenabled = true\n"), environment())) {
            kiosk.gate().handle(new ScannedCode("test", PASSES.samples().get(1).text(), false, 0));
        }
        Path data = dir.resolve("data");
        for (String key : new String[] {"entry-log-signing.pem", "entry-log-data.key", "site-secret"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(key)))).as(key)
                    .isEqualTo("rw-------");
        }
        String file = new String(Files.readAllBytes(data.resolve(Kiosk.ENTRY_LOG_FILE)), StandardCharsets.ISO_8859_1);
        assertThat(file).doesNotContain("EXPIRED");
        ChainReport report = ChainVerifier.verify(data.resolve(Kiosk.ENTRY_LOG_FILE), "kiosk-log",
                DeviceKey.readPublicKey(data.resolve("entry-log-signing.pem")));
        assertThat(report).isInstanceOf(ChainReport.Intact.class);
        assertThat(((ChainReport.Intact) report).lastSignedSequence()).isEqualTo(1);
    }

    private Environment environment() {
        return new Environment(Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                PASSES.trust(), decision -> { });
    }

    private PassgateConfig config() throws Exception {
        return config("");
    }

    private PassgateConfig config(String more) throws Exception {
        byte[] der = PASSES.issuerCertificate().getEncoded();
        Files.writeString(dir.resolve("issuer.txt"), Base64.getEncoder().encodeToString(der));
        Path file = Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"kiosk-log\"\n"
                + "data_dir = \"data\"\n[verify]\ntrust = [\"issuer.txt\"]\n" + more);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
