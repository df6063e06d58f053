package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code passgate log pubkey} and {@code passgate log verify} on a configuration's data folder. */
class LogCommandTest {
    @TempDir
    Path dir;

    private Path config;
    private Path data;

    @BeforeEach
    void writeAConfigurationAndALog() throws Exception {
        data = dir.resolve("data");
        config = Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"gate-cli\"\ndata_dir = \"data\"\n");
        DeviceKey key = DeviceKey.fromFile(data.resolve("entry-log-signing.pem"));
        try (EntryLog log = EntryLog.open(data.resolve("entries.db"), "gate-cli",
                EntryLogOptions.defaults().withSigningKey(key))) {
            for (int i = 0; i < 5; i++) {
                log.append(new EntryRecord(Instant.parse("2026-03-01T08:00:00Z").plusSeconds(i), i, "VALID", "HC1",
                        null, null, true));
            }
        }
    }

    @Test
    void printsThePublicKeyOfTheConfiguredSigningKeyAsPem() throws Exception {
        CliRun run = CliRun.main("log", "pubkey", "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(DeviceKey.read(data.resolve("entry-log-signing.pem")).publicKeyPem());
        assertThat(run.out()).doesNotContain("PRIVATE");
        assertThat(CliRun.main("log", "pubkey", "--key", data.resolve("entry-log-signing.pem").toString()).out())
                .isEqualTo(run.out());
    }

    @Test
    void saysSoAndCreatesNothingWhenThereIsNoKeyYet() {
        Path missing = dir.resolve("nowhere/key.pem");

        CliRun run = CliRun.main("log", "pubkey", "--key", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no key at " + missing);
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void verifiesTheConfiguredLogAndPrintsOneJsonLine() {
        CliRun run = CliRun.main("log", "verify", "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("{\"device\":\"gate-cli\",\"result\":\"INTACT\",\"first\":1,\"last\":5,"
                + "\"records\":5,\"checkpoints\":1,\"last_signed\":5,\"lost_decisions\":0,\"purged_not_uploaded\":0,"
                + "\"restarts\":0,\"skipped_sequences\":0,\"reserved_through\":5,\"possibly_truncated\":false}");
    }

    @Test
    void reportsAChangedRecordWithExitOne() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("entries.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("UPDATE records SET wall_time_ms = wall_time_ms + 1 WHERE seq = 3");
        }

        CliRun run = CliRun.main("log", "verify", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("{\"device\":\"gate-cli\",\"result\":\"BROKEN\",\"problem\":\"TAMPERED\","
                + "\"sequence\":3,");
    }

    @Test
    void refusesAMissingSubcommand() {
        assertThat(CliRun.main("log").exitCode()).isEqualTo(2);
    }
}
