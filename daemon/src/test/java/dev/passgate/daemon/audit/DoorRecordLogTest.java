package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Door records (kind 5) in the entry log: chained and verified like every record, stored in clear, read back by
 * kind, written into a version 2 file made before they existed (the records table is widened on the first one,
 * and only then), and the golden file {@code audit/entries-v2-door.db} (written once by
 * {@link #writesTheDoorGoldenFile}) read by every later version.
 */
class DoorRecordLogTest {
    static final Instant T0 = Instant.parse("2026-12-06T18:00:00Z");
    static final DoorRecord PASSED = new DoorRecord(T0.plusSeconds(2), DoorEvent.PASSED, 2_000_000_000L, 1, 0);
    static final DoorRecord FORCED = new DoorRecord(T0.plusSeconds(60), DoorEvent.FORCED, 60_000_000_000L, 0, 0);
    static final DoorRecord HELD = new DoorRecord(T0.plusSeconds(90), DoorEvent.HELD_OPEN, 90_000_000_000L, 0,
            30_000);
    static final DoorRecord CLOSED = new DoorRecord(T0.plusSeconds(95), DoorEvent.CLOSED, 95_000_000_000L, 0,
            35_000);
    static final DoorRecord EXIT = new DoorRecord(T0.plusSeconds(120), DoorEvent.EXIT, 120_000_000_000L, 0, 0);
    static final DoorRecord NOT_PASSED = new DoorRecord(T0.plusSeconds(125), DoorEvent.NOT_PASSED,
            125_000_000_000L, 6, 0);

    @TempDir
    Path dir;

    @Test
    void continuesTheVersion2GoldenFileWithDoorRecordsAndWidensItsKindsOnlyThen() throws Exception {
        Path file = copyResource("entries-v2.db");
        copyResource("entries-v2.db.seq");
        DeviceKey key = GoldenKeys.signingKey();
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(key)
                .withCipher(BodyCipher.ofKey(GoldenKeys.dataKey()));

        try (EntryLog log = EntryLog.open(file, "gate-golden", options)) {
            assertThat(log.append(Entries.sample(1))).isEqualTo(new Appended.Written(7));
            assertThat(recordsDdl(file)).as("an entry alone leaves the table as it was").contains("kind IN (1, 2, 3))");
            assertThat(log.append(PASSED)).isEqualTo(new Appended.Written(8));
            assertThat(log.append(FORCED)).isEqualTo(new Appended.Written(9));
            assertThat(log.readAll(6, 10)).extracting(StoredRecord::record)
                    .containsExactly(Entries.sample(1), PASSED, FORCED);
            assertThat(log.readRecords(6, 10)).extracting(ChainRecord::bodyFormat)
                    .as("door bodies stay in clear; the entry is sealed").containsExactly(BodyFormat.AES_GCM_CBOR,
                            BodyFormat.CBOR, BodyFormat.CBOR);
        }

        assertThat(recordsDdl(file)).contains("kind IN (1, 2, 3, 4, 5, 6))");
        assertThat(ChainVerifier.verify(file, "gate-golden", key.publicKey())).isInstanceOf(ChainReport.Intact.class)
                .extracting(report -> ((ChainReport.Intact) report).lastSequence()).isEqualTo(9L);
        for (String other : List.of("gate-purged", "gate-restart")) {
            assertThat(ChainVerifier.verify(file, other, key.publicKey())).isInstanceOf(ChainReport.Intact.class);
        }
    }

    @Test
    void readsEveryRecordOfTheDoorGoldenFile() throws Exception {
        Path file = copyResource("entries-v2-door.db");

        try (EntryLog log = EntryLog.open(file, "gate-door")) {
            assertThat(log.readAll(0, 100)).extracting(StoredRecord::record)
                    .containsExactly(Entries.sample(1), PASSED, FORCED, HELD, CLOSED, EXIT, NOT_PASSED);
        }
        assertThat(ChainVerifier.verify(file, "gate-door", GoldenKeys.signingKey().publicKey()))
                .isInstanceOf(ChainReport.Intact.class);
    }

    @Test
    void refusesARecordWithANegativeGrantOrOpenTime() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                new DoorRecord(T0, DoorEvent.PASSED, 0, -1, 0));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                new DoorRecord(T0, DoorEvent.CLOSED, 0, 0, -5));
    }

    /**
     * Writes the golden file into the folder named by {@code -Dpassgate.golden.write=DIR}; skipped otherwise. It was
     * run once to make the committed file; never regenerate it.
     */
    @Test
    void writesTheDoorGoldenFile() throws Exception {
        String target = System.getProperty("passgate.golden.write");
        assumeThat(target).as("-Dpassgate.golden.write=DIR").isNotNull();
        Path file = Path.of(target).resolve("entries-v2-door.db");
        Files.createDirectories(file.getParent());
        MutableClock clock = new MutableClock(Entries.START);
        EntryLogOptions options = EntryLogOptions.defaults().withClock(clock).withSigningKey(GoldenKeys.signingKey())
                .withCheckpoints(4, Duration.ZERO);
        try (EntryLog log = EntryLog.open(file, "gate-door", options)) {
            log.append(Entries.sample(1));
            for (DoorRecord door : List.of(PASSED, FORCED, HELD, CLOSED, EXIT, NOT_PASSED)) {
                clock.set(door.wallTime());
                log.append(door);
            }
        }
    }

    private static String recordsDdl(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'records'")) {
            return result.next() ? result.getString(1) : "";
        }
    }

    private Path copyResource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream golden = getClass().getResourceAsStream("/audit/" + name)) {
            assertThat(golden).as("test resource audit/" + name).isNotNull();
            Files.copy(golden, file);
        }
        return file;
    }
}
