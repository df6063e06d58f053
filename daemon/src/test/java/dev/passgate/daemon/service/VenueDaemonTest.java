package dev.passgate.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.audit.ReadOnlyLog;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.hal.serial.SocatPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code passgate run} in a child JVM as a kiosk of venue SEOUL-HALL-1, reading a serial barcode reader through a
 * socat pseudo-terminal pair: a PG1 presentation the wallet signed for another venue is refused ({@code
 * WRONG_VENUE}, red, door shut) and one signed for this venue admitted, both in the entry log, whose chain verifies.
 */
class VenueDaemonTest {
    /** A JVM starting on a loaded CI machine can take a while; this is a deadline, not a measurement. */
    private static final int WAIT_MS = 90_000;
    private static final String DEVICE = "kiosk-venue";

    @TempDir
    Path dir;

    @Test
    void aPresentationForAnotherVenueScannedOnASerialReaderIsRefusedAndLogged() throws Exception {
        assumeTrue(SocatPair.available(), "socat is not installed");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path synced = Files.writeString(dir.resolve("synced"), "");
        presentation("PGV1:BUSAN-HALL-2");
        try (SocatPair reader = SocatPair.start(dir)) {
            Path config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n", "[device]",
                    "id = \"" + DEVICE + "\"", "data_dir = \"" + data + "\"", "[scan.serial]", "enabled = true",
                    "port = \"" + reader.kiosk() + "\"", "[verify]", "policy = \"none\"",
                    "trust = [\"" + dir.resolve("issuer/issuer.pub") + "\"]", "[feedback]", "console = true",
                    "[gate]", "clock_sync_flag = \"" + synced + "\"", "[venue]", "id = \"SEOUL-HALL-1\"", ""));
            Process daemon = start(config);
            try {
                await("daemon.err", "connected at 9600 baud", daemon);
                reader.send(presentation("PGV1:BUSAN-HALL-2") + "\r");
                await("daemon.out", "[light] RED", daemon);
                reader.send(presentation(CliRun.main("venue-qr", "--venue", "SEOUL-HALL-1").out().strip()) + "\r");
                await("daemon.out", "[light] GREEN", daemon);
            } finally {
                daemon.destroy();
            }
            assertThat(daemon.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
        List<StoredEntry> entries = ReadOnlyLog.entries(data.resolve(Kiosk.ENTRY_LOG_FILE), DEVICE);
        CliRun verified = CliRun.main("log", "verify", "--config", dir.resolve("passgate.toml").toString());
        String out = Files.readString(dir.resolve("daemon.out"));
        String err = Files.readString(dir.resolve("daemon.err"));

        assertThat(entries).extracting(e -> e.record().verdict()).containsExactly("WRONG_VENUE", "VALID");
        assertThat(entries).extracting(e -> e.record().format()).containsOnly("PG1");
        assertThat(out.indexOf("[light] RED")).isLessThan(out.indexOf("[light] GREEN"));
        assertThat(out.substring(0, out.indexOf("[light] GREEN"))).as("door shut for the other venue")
                .doesNotContain("[relay]");
        assertThat(err).contains("WRONG_VENUE").doesNotContain("HONG", "1990-05-17");
        assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
        assertThat(CBORObject.FromJSONString(verified.out().strip()).get("result").AsString()).isEqualTo("INTACT");
    }

    /** A fresh presentation made by the command-line wallet for the venue whose entrance code it scanned. */
    private String presentation(String entranceCode) throws IOException {
        if (!Files.exists(dir.resolve("credential.cose"))) {
            assertThat(CliRun.main("issuer", "init", "--out", dir.resolve("issuer").toString()).exitCode()).isZero();
            assertThat(CliRun.main("wallet", "init", "--out", dir.resolve("wallet").toString()).exitCode()).isZero();
            Files.writeString(dir.resolve("health.json"), "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\"HONG\",\"gnt\":"
                    + "\"GIL\"},\"dob\":\"1990-05-17\",\"v\":[{\"tg\":\"840539006\",\"vp\":\"J07BX03\",\"mp\":"
                    + "\"EU/1/20/1528\",\"ma\":\"ORG-100030215\",\"dn\":2,\"sd\":2,\"dt\":\"2021-12-20\","
                    + "\"co\":\"KR\"}]}");
            CliRun sign = CliRun.main("issuer", "sign", "--key", dir.resolve("issuer/issuer.key").toString(),
                    "--holder-key", dir.resolve("wallet/holder.pub").toString(), "--data",
                    dir.resolve("health.json").toString(), "--valid-days", "2", "--from",
                    Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString(),
                    "--out", dir.resolve("credential.cose").toString());
            assertThat(sign.exitCode()).as(sign.err()).isZero();
        }
        CliRun present = CliRun.main("wallet", "present", "--credential", dir.resolve("credential.cose").toString(),
                "--key", dir.resolve("wallet/holder.key").toString(), "--venue", entranceCode);
        assertThat(present.exitCode()).as(present.err()).isZero();
        return present.out().strip();
    }

    private Process start(Path config) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dtinylog.configuration=tinylog.properties", "-cp", System.getProperty("java.class.path"),
                "dev.passgate.daemon.cli.Main", "run", "--config", config.toString())
                .redirectError(dir.resolve("daemon.err").toFile())
                .redirectOutput(dir.resolve("daemon.out").toFile())
                .directory(dir.toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("WATCHDOG_USEC");
        return builder.start();
    }

    private void await(String file, String text, Process daemon) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!Files.readString(dir.resolve(file)).contains(text)) {
            assertThat(daemon.isAlive()).as("daemon running; " + Files.readString(dir.resolve("daemon.err")))
                    .isTrue();
            assertThat(System.nanoTime()).as("'" + text + "' in " + file + " within " + WAIT_MS + " ms; output "
                            + Files.readString(dir.resolve("daemon.out")) + Files.readString(dir.resolve("daemon.err")))
                    .isLessThan(deadline);
            new CountDownLatch(1).await(50, TimeUnit.MILLISECONDS);
        }
    }
}
