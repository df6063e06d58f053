package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryLogTest {
    private static final String DEVICE = "gate-1";

    @TempDir
    Path dir;

    @Test
    void readsBackTheReplayDigestOfAnAdmittedPg1PresentationAndRecordsWithoutOne() throws Exception {
        String digest = HolderPseudonyms.ofSecret(new byte[HolderPseudonyms.SECRET_LENGTH]).replayDigest("ab" + "01");
        EntryRecord admitted = new EntryRecord(Instant.parse("2026-03-01T12:00:00Z"), 1, "VALID", "PG1", null, null,
                null, null, true, digest);
        EntryRecord plain = Entries.sample(2);
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE)) {
            log.append(admitted);
            log.append(plain);

            List<StoredEntry> stored = log.readFrom(0, 10);

            assertThat(stored).extracting(StoredEntry::record).containsExactly(admitted, plain);
            assertThat(stored.get(0).record().replayDigest()).hasSize(32).matches("[0-9a-f]+");
            assertThat(stored.get(1).record().replayDigest()).isNull();
            assertThat(stored.get(0).record().toString()).contains("replayDigest=present").doesNotContain(digest);
        }
    }

    @Test
    void readsBackWhatWasAppended() throws Exception {
        Path file = dir.resolve("entries.db");
        List<EntryRecord> appended = new ArrayList<>();
        try (EntryLog log = EntryLog.open(file, DEVICE)) {
            for (int i = 0; i < 10; i++) {
                appended.add(Entries.sample(i));
                log.append(appended.get(i));
            }

            List<StoredEntry> stored = log.readFrom(0, 100);

            assertThat(stored).extracting(StoredEntry::record).containsExactlyElementsOf(appended);
            assertThat(stored).extracting(StoredEntry::deviceId).containsOnly(DEVICE);
        }
    }

    @Test
    void numbersEntriesFromOneWithoutGaps() throws Exception {
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE)) {
            assertThat(log.lastSequence()).isZero();

            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sequences.add(Entries.written(log.append(Entries.sample(i))));
            }

            assertThat(sequences).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
            assertThat(log.lastSequence()).isEqualTo(50);
            assertThat(log.count()).isEqualTo(50);
        }
    }

    @Test
    void readsAPageAfterTheGivenSequence() throws Exception {
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE)) {
            for (int i = 0; i < 20; i++) {
                log.append(Entries.sample(i));
            }

            List<StoredEntry> page = log.readFrom(5, 4);

            assertThat(page).extracting(StoredEntry::sequence).containsExactly(6L, 7L, 8L, 9L);
            assertThat(page.get(0).record()).isEqualTo(Entries.sample(5));
            assertThat(log.readFrom(20, 10)).isEmpty();
            assertThatThrownBy(() -> log.readFrom(0, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keepsIndependentSequencesForTwoDevicesInOneFile() throws Exception {
        Path file = dir.resolve("entries.db");
        try (EntryLog first = EntryLog.open(file, "gate-1"); EntryLog second = EntryLog.open(file, "gate-2")) {
            List<Long> firstSequences = new ArrayList<>();
            List<Long> secondSequences = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                firstSequences.add(Entries.written(first.append(Entries.sample(i))));
                if (i % 2 == 0) {
                    secondSequences.add(Entries.written(second.append(Entries.sample(100 + i))));
                }
            }

            assertThat(firstSequences).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(secondSequences).containsExactly(1L, 2L, 3L);
            assertThat(first.count()).isEqualTo(6);
            assertThat(second.readFrom(0, 10)).extracting(StoredEntry::deviceId).containsOnly("gate-2");
            assertThat(second.readFrom(0, 10).get(1).record()).isEqualTo(Entries.sample(102));
        }
    }

    @Test
    void continuesTheSequenceAfterReopening() throws Exception {
        Path file = dir.resolve("entries.db");
        try (EntryLog log = EntryLog.open(file, DEVICE)) {
            log.append(Entries.sample(1));
            log.append(Entries.sample(2));
            log.append(Entries.sample(3));
        }

        try (EntryLog reopened = EntryLog.open(file, DEVICE)) {
            assertThat(reopened.lastSequence()).isEqualTo(3);
            assertThat(reopened.append(Entries.sample(4))).isEqualTo(new Appended.Written(4));
            assertThat(reopened.readFrom(0, 10)).extracting(StoredEntry::record)
                    .containsExactly(Entries.sample(1), Entries.sample(2), Entries.sample(3), Entries.sample(4));
        }
    }

    @Test
    void runsInWalModeWithFullSynchronousCommits() throws Exception {
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE)) {
            assertThat(log.pragma("journal_mode")).isEqualTo("wal");
            assertThat(log.pragma("synchronous")).isEqualTo("2");
            assertThat(log.pragma("busy_timeout")).isEqualTo(String.valueOf(EntryLog.BUSY_TIMEOUT_MS));
            assertThat(log.pragma("user_version")).isEqualTo("2");
            assertThat(log.pragma("application_id")).isEqualTo(String.valueOf(EntrySchema.APPLICATION_ID));
            assertThat(log.pragma("cache_size")).as("a small page cache: native memory outside the heap")
                    .isEqualTo(String.valueOf(-EntryLog.CACHE_KIB));
        }
    }

    @Test
    void createsMissingParentFolders() throws Exception {
        Path file = dir.resolve("var/lib/passgate/entries.db");

        try (EntryLog log = EntryLog.open(file, DEVICE)) {
            log.append(Entries.sample(1));
        }

        assertThat(file).isRegularFile();
    }

    @Test
    void refusesAFileWithANewerSchemaVersion() throws Exception {
        Path file = dir.resolve("entries.db");
        execute(file, "PRAGMA user_version = 3");

        assertThatThrownBy(() -> EntryLog.open(file, DEVICE))
                .isInstanceOf(EntryLogException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("schema version 3 is newer")
                .hasMessageContaining("expected version 2");
    }

    @Test
    void refusesASqliteFileThatIsNotAnEntryLog() throws Exception {
        Path file = dir.resolve("other.db");
        execute(file, "CREATE TABLE people (name TEXT)");

        assertThatThrownBy(() -> EntryLog.open(file, DEVICE))
                .isInstanceOf(EntryLogException.class)
                .hasMessageContaining("not an entry log")
                .hasMessageContaining("1 schema objects");
    }

    @Test
    void setsAsideAFileThatIsNotSqliteAndStartsANewLog() throws Exception {
        Path file = dir.resolve("entries.db");
        byte[] text = "this is not a database, just text that is long enough to fill a header"
                .repeat(20).getBytes(StandardCharsets.US_ASCII);
        Files.write(file, text);

        try (EntryLog log = EntryLog.open(file, DEVICE)) {
            SetAside aside = log.status().setAside().orElseThrow();
            assertThat(aside.reason()).contains("not a database");
            assertThat(Files.readAllBytes(aside.movedTo())).isEqualTo(text);
            assertThat(Entries.written(log.append(Entries.sample(1)))).isEqualTo(2);
        }
    }

    @Test
    void givesConcurrentAppendersUniqueGapFreeSequences() throws Exception {
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Callable<List<Long>> appender = () -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(Entries.written(log.append(Entries.sample(base + i))));
                    }
                    return mine;
                };
                results.add(pool.submit(appender));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }

            assertThat(all).doesNotHaveDuplicates().hasSize(threads * perThread);
            assertThat(all.stream().sorted().collect(Collectors.toList()))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
            assertThat(log.count()).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void doesNotStoreOrAcknowledgeAnEntryWhoseCommitFailsAndRecordsTheGap() throws Exception {
        Path file = dir.resolve("entries.db");
        FaultyCommit commit = new FaultyCommit();
        try (EntryLog log = EntryLog.open(file, DEVICE, EntryLogOptions.defaults(), commit)) {
            log.append(Entries.sample(1));
            commit.failBeforeCommit = true;

            Appended failed = log.append(Entries.sample(2));

            assertThat(failed).isInstanceOf(Appended.Lost.class);
            Appended.Lost lost = (Appended.Lost) failed;
            assertThat(lost.reason()).isEqualTo(GapReason.STORAGE_FAULT);
            assertThat(lost.pending()).isEqualTo(1);
            assertThat(lost.detail()).contains("injected");
            commit.failBeforeCommit = false;
            assertThat(log.count()).isEqualTo(1);
            assertThat(log.append(Entries.sample(3))).isEqualTo(new Appended.Written(3));
            assertThat(log.status().unlogged()).isEqualTo(1);
            assertThat(log.status().unloggedWithoutGapRecord()).isZero();
        }
        try (EntryLog reopened = EntryLog.open(file, DEVICE)) {
            assertThat(reopened.readFrom(0, 10)).extracting(StoredEntry::record)
                    .containsExactly(Entries.sample(1), Entries.sample(3));
            LogRecord gap = reopened.readAll(0, 10).get(1).record();
            assertThat(gap).isInstanceOf(GapRecord.class);
            assertThat(((GapRecord) gap).count()).isEqualTo(1);
            assertThat(((GapRecord) gap).reason()).isEqualTo(GapReason.STORAGE_FAULT);
            assertThat(((GapRecord) gap).firstLost()).isEqualTo(Entries.sample(2).wallTime());
        }
    }

    @Test
    void neverReusesTheSequenceOfAnEntryCommittedButNotAcknowledgedAndDoesNotCountItAsLost() throws Exception {
        FaultyCommit commit = new FaultyCommit();
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE, EntryLogOptions.defaults(), commit)) {
            commit.failAfterCommit = true;

            assertThat(log.append(Entries.sample(1))).isInstanceOf(Appended.Lost.class);

            commit.failAfterCommit = false;
            assertThat(log.lastSequence()).isEqualTo(1);
            assertThat(log.append(Entries.sample(2))).isEqualTo(new Appended.Written(2));
            assertThat(log.status().unlogged()).as("found stored after all").isZero();
            assertThat(log.readAll(0, 10)).extracting(StoredRecord::record)
                    .containsExactly(Entries.sample(1), Entries.sample(2));
        }
    }

    @Test
    void refusesUseAfterClose() throws Exception {
        EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE);
        log.close();
        log.close();

        assertThatThrownBy(() -> log.append(Entries.sample(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void refusesADeviceIdWithSpaces() {
        assertThatThrownBy(() -> EntryLog.open(dir.resolve("entries.db"), "gate 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"gate 1\"");
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Commits like SQLite does, or fails just before or just after the real commit when told to. */
    static final class FaultyCommit implements CommitPoint {
        volatile boolean failBeforeCommit;
        volatile boolean failAfterCommit;

        @Override
        public void commit(Connection connection) throws SQLException {
            if (failBeforeCommit) {
                throw new SQLException("disk I/O error (injected before commit)");
            }
            CommitPoint.SQLITE.commit(connection);
            if (failAfterCommit) {
                throw new SQLException("disk I/O error (injected after commit)");
            }
        }
    }
}
