package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A full log or a full disk: appends come back at once as counted losses, the count is exact, and the gap record
 * with that count is written with the first record that fits again.
 */
class EntryLogCapacityTest {
    private static final String DEVICE = "gate-full";
    private static final Instant DAY_0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private final DeviceKey key = DeviceKey.generate();
    private final MutableClock clock = new MutableClock(DAY_0);

    @Test
    void countsEveryRecordPastTheRecordBoundAndRecordsTheGapWhenRetentionMakesRoom() throws Exception {
        Path file = dir.resolve("entries.db");
        EntryLogOptions options = EntryLogOptions.defaults().withClock(clock).withSigningKey(key)
                .withRetention(Duration.ofDays(28)).withCapacity(100, Long.MAX_VALUE);
        try (EntryLog log = EntryLog.open(file, DEVICE, options)) {
            // given a full log: 100 records over 10 days
            for (int i = 0; i < 100; i++) {
                clock.set(DAY_0.plus(Duration.ofHours(2L * i)));
                assertThat(log.append(at(clock.instant()))).isEqualTo(new Appended.Written(i + 1));
            }

            // when 7 more scans come
            for (int i = 1; i <= 7; i++) {
                clock.advance(Duration.ofMinutes(1));
                Appended appended = log.append(at(clock.instant()));
                assertThat(appended).isInstanceOf(Appended.Lost.class);
                assertThat(((Appended.Lost) appended).reason()).isEqualTo(GapReason.CAPACITY);
                assertThat(((Appended.Lost) appended).pending()).isEqualTo(i);
            }
            Instant lastLost = clock.instant();
            assertThat(log.count()).isEqualTo(100);
            assertThat(log.status()).isEqualTo(new EntryLogStatus(7, 7, java.util.Optional.empty()));

            // then the upkeep on day 33 purges the first 5 days' records and records the 7 lost decisions
            clock.set(DAY_0.plus(Duration.ofDays(33)));
            Maintenance done = log.maintain();
            assertThat(done.purged()).isEqualTo(60);
            assertThat(done.gapsRecorded()).isEqualTo(7);
            assertThat(log.status()).isEqualTo(new EntryLogStatus(7, 0, java.util.Optional.empty()));
            List<StoredRecord> tail = log.readAll(100, 10);
            assertThat(tail).extracting(StoredRecord::record).containsExactly(
                    new GapRecord(clock.instant(), GapReason.RETENTION, 60, DAY_0, DAY_0.plus(Duration.ofHours(118)),
                            1, 60),
                    new GapRecord(clock.instant(), GapReason.CAPACITY, 7, lastLost.minus(Duration.ofMinutes(6)),
                            lastLost, 0, 0));
            assertThat(log.append(at(clock.instant()))).isEqualTo(new Appended.Written(103));
        }
        ChainReport report = ChainVerifier.verify(file, DEVICE, key.publicKey());
        assertThat(report).isInstanceOf(ChainReport.Intact.class);
        assertThat(((ChainReport.Intact) report).lostDecisions()).isEqualTo(7);
        System.out.println("record bound: 100 written, 7 lost and counted, gap record of 7 after the purge");
    }

    @Test
    void refusesRecordsOnceTheFileUsesTheByteBound() throws Exception {
        long bound = 48 * 1024;
        EntryLogOptions options = EntryLogOptions.defaults().withCapacity(Long.MAX_VALUE, bound);
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE, options)) {
            int written = 0;
            int lost = 0;
            for (int i = 0; i < 2000; i++) {
                if (log.append(Entries.sample(i)) instanceof Appended.Written) {
                    written++;
                    assertThat(lost).as("nothing written after the first loss").isZero();
                } else {
                    lost++;
                }
            }

            assertThat(written).isPositive();
            assertThat(lost).isEqualTo(2000 - written);
            assertThat(log.count()).isEqualTo(written);
            assertThat(log.status().unlogged()).isEqualTo(lost);
            System.out.printf("byte bound %d: %d written, %d lost and counted%n", bound, written, lost);
        }
    }

    @Test
    void countsAppendsThatHitAFullDiskAtTheCommitPointAndRecordsThemWhenSpaceReturns() throws Exception {
        Path file = dir.resolve("entries.db");
        DiskFullCommit commit = new DiskFullCommit();
        try (EntryLog log = EntryLog.open(file, DEVICE, EntryLogOptions.defaults().withSigningKey(key), commit)) {
            log.append(Entries.sample(0));
            commit.full = true;
            for (int i = 1; i <= 5; i++) {
                Appended appended = log.append(Entries.sample(i));
                assertThat(appended).isEqualTo(new Appended.Lost(GapReason.STORAGE_FULL, i,
                        ((Appended.Lost) appended).detail()));
            }

            commit.full = false;
            assertThat(log.append(Entries.sample(6))).isEqualTo(new Appended.Written(3));

            assertThat(log.readAll(0, 10)).extracting(StoredRecord::record).containsExactly(Entries.sample(0),
                    new GapRecord(((GapRecord) log.readAll(1, 1).get(0).record()).wallTime(), GapReason.STORAGE_FULL,
                            5, Entries.sample(1).wallTime(), Entries.sample(5).wallTime(), 0, 0),
                    Entries.sample(6));
        }
        assertThat(((ChainReport.Intact) ChainVerifier.verify(file, DEVICE, key.publicKey())).lostDecisions())
                .isEqualTo(5);
    }

    @Test
    void countsAppendsThatSqliteRefusesAtMaxPageCountExactly() throws Exception {
        Path file = dir.resolve("entries.db");
        PageLimit limit = new PageLimit();
        int written = 0;
        int lost = 0;
        try (EntryLog log = EntryLog.open(file, DEVICE, EntryLogOptions.defaults().withSigningKey(key), limit)) {
            for (int i = 0; i < 50; i++) {
                log.append(Entries.sample(i));
            }
            limit.freeze();
            for (int i = 50; i < 400; i++) {
                Appended appended = log.append(Entries.sample(i));
                if (appended instanceof Appended.Written) {
                    written++;
                } else {
                    assertThat(((Appended.Lost) appended).reason()).as(((Appended.Lost) appended).detail())
                            .isEqualTo(GapReason.STORAGE_FULL);
                    lost++;
                }
            }
            assertThat(lost).as("SQLite ran out of pages").isPositive();

            limit.release();
            long sequence = Entries.written(log.append(Entries.sample(400)));

            GapRecord gap = (GapRecord) log.readAll(sequence - 2, 1).get(0).record();
            assertThat(gap.count()).isEqualTo(lost);
            assertThat(log.count()).isEqualTo(50 + written + 2);
        }
        ChainReport.Intact intact = (ChainReport.Intact) ChainVerifier.verify(file, DEVICE, key.publicKey());
        assertThat(intact.lostDecisions()).isEqualTo(lost);
        System.out.printf("max_page_count: %d written into free space, %d refused with SQLITE_FULL and counted,"
                + " gap record of %d after the limit was raised%n", written, lost, lost);
    }

    private static EntryRecord at(Instant instant) {
        return new EntryRecord(instant, 0, "VALID", "HC1", "kid", null, true);
    }

    /** Fails every commit with SQLite's disk-full error while {@code full}, before anything reaches the disk. */
    static final class DiskFullCommit implements CommitPoint {
        volatile boolean full;

        @Override
        public void commit(Connection connection) throws SQLException {
            if (full) {
                throw new SQLiteException("[SQLITE_FULL] database or disk is full (injected)",
                        SQLiteErrorCode.SQLITE_FULL);
            }
            CommitPoint.SQLITE.commit(connection);
        }
    }

    /** Holds the log's connection so that a test can set SQLite's own page limit on it. */
    private static final class PageLimit implements CommitPoint {
        private Connection connection;

        @Override
        public void commit(Connection on) throws SQLException {
            CommitPoint.SQLITE.commit(on);
        }

        @Override
        public void opened(Connection opened) {
            this.connection = opened;
        }

        void freeze() throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet pages = statement.executeQuery("PRAGMA page_count")) {
                pages.next();
                statement.execute("PRAGMA max_page_count = " + pages.getLong(1));
            }
        }

        void release() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA max_page_count = 1000000");
            }
        }
    }
}
