package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable copy of the loss ledger: its golden file, and a count carried over a stop on a full disk. */
class LossReserveTest {
    @TempDir
    Path dir;

    @Test
    void readsTheVersion1GoldenFile() throws Exception {
        Path database = dir.resolve("entries.db");
        try (InputStream golden = getClass().getResourceAsStream("/audit/loss-reserve-v1")) {
            Files.copy(golden, LossReserve.beside(database));
        }

        try (LossReserve reserve = LossReserve.open(database)) {
            assertThat(reserve.read("gate-golden")).containsExactly(
                    new LossReserve.Pending(GapReason.STORAGE_FULL, 151, Instant.ofEpochMilli(1764950400000L),
                            Instant.ofEpochMilli(1764950460000L)),
                    new LossReserve.Pending(GapReason.CAPACITY, 2, Instant.ofEpochMilli(1764950470000L),
                            Instant.ofEpochMilli(1764950480000L)));
            assertThat(reserve.read("gate-other")).isEmpty();
        }
        assertThat(Files.size(LossReserve.beside(database))).isEqualTo(LossReserve.BYTES);
    }

    @Test
    void carriesDecisionsNotLoggedOnAFullDiskOverToTheNextOpeningAndCountsThemOnce() throws Exception {
        // given three decisions lost on a full disk, and a stop before there was room again
        Path file = dir.resolve("entries.db");
        EntryLogCapacityTest.DiskFullCommit disk = new EntryLogCapacityTest.DiskFullCommit();
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(DeviceKey.generate());
        try (EntryLog log = EntryLog.open(file, "gate-1", options, disk)) {
            log.append(Entries.sample(1));
            disk.full = true;
            for (int i = 2; i <= 4; i++) {
                assertThat(log.append(Entries.sample(i))).isInstanceOf(Appended.Lost.class);
            }
        }
        String reserve = Files.readString(LossReserve.beside(file));

        // when the log opens again with room
        List<StoredRecord> records;
        try (EntryLog log = EntryLog.open(file, "gate-1", options)) {
            log.append(Entries.sample(5));
            records = log.readAll(0, 100);
        }

        // then one gap record counts the three, and the reserve is empty again
        assertThat(reserve).contains("gate-1 STORAGE_FULL 3 ");
        assertThat(records).extracting(StoredRecord::record).filteredOn(r -> r instanceof GapRecord)
                .extracting(r -> ((GapRecord) r).count()).containsExactly(3L);
        assertThat(Files.readString(LossReserve.beside(file)).strip()).isEqualTo(LossReserve.HEADER);
        assertThat(ChainVerifier.verify(file, "gate-1", options.signingKey().orElseThrow().publicKey()))
                .isInstanceOf(ChainReport.Intact.class)
                .extracting(report -> ((ChainReport.Intact) report).lostDecisions()).isEqualTo(3L);
    }
}
