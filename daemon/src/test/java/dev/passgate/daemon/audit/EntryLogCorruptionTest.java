package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt files: truncated to various sizes, garbage pages, a garbage header. Each is moved aside with its bytes
 * intact, a new log starts with a restart record naming it, and sequence numbers carry on above every number the
 * old file may have used.
 */
class EntryLogCorruptionTest {
    private static final String DEVICE = "gate-corrupt";
    private static final int RECORDS = 300;
    /** The pristine log was closed cleanly, which lowers the reservation mark to the last sequence it used. */
    private static final long LAST_USED = RECORDS;
    private static final int PAGE = 4096;
    private static final Instant NOW = Instant.parse("2026-04-01T10:15:30Z");

    @TempDir
    Path dir;

    private final DeviceKey key = DeviceKey.generate();
    private Path pristine;

    @BeforeEach
    void writeAHealthyLog() throws Exception {
        pristine = dir.resolve("pristine/entries.db");
        try (EntryLog log = EntryLog.open(pristine, DEVICE, options())) {
            for (int i = 0; i < RECORDS; i++) {
                log.append(Entries.sample(i));
            }
        }
        assertThat(Files.size(pristine)).as("several pages").isGreaterThan(8L * PAGE);
    }

    @Test
    void setsAsideAFileTruncatedToAnySizeAndStartsAboveTheOldSequences() throws Exception {
        long size = Files.size(pristine);
        List<String> outcomes = new ArrayList<>();
        for (long cut : new long[] {50, 100, 512, PAGE, 2L * PAGE + 17, size / 2, size - PAGE}) {
            Path file = copy("cut-" + cut);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }

            expectSetAsideAndANewLog(file, cut, "truncated to " + cut);
            outcomes.add(cut + ":set-aside");
        }
        System.out.println("corruption test (file of " + size + " bytes): " + outcomes);
    }

    @Test
    void neverLosesRecordsSilentlyWhenOnlyTheLastByteIsCut() throws Exception {
        Path file = copy("last-byte");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(pristine) - 1);
        }

        try (EntryLog log = EntryLog.open(file, DEVICE, options())) {
            if (log.status().setAside().isPresent()) {
                return;
            }
            ChainReport report = ChainVerifier.verify(log, key.publicKey());
            boolean whole = report instanceof ChainReport.Intact intact && intact.records() == RECORDS;
            assertThat(whole || report instanceof ChainReport.Broken).as(report.toString()).isTrue();
        }
    }

    @Test
    void setsAsideAFileWithGarbagePages() throws Exception {
        long pages = Files.size(pristine) / PAGE;
        Random random = new Random(20260401);
        for (long page : new long[] {2, pages / 2, pages}) {
            Path file = copy("page-" + page);
            byte[] garbage = new byte[PAGE];
            random.nextBytes(garbage);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(garbage), (page - 1) * PAGE);
            }

            expectSetAsideAndANewLog(file, Files.size(pristine), "garbage page " + page);
        }
    }

    @Test
    void setsAsideAFileWithAGarbageHeader() throws Exception {
        Path file = copy("header");
        byte[] garbage = new byte[100];
        new Random(7).nextBytes(garbage);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(garbage), 0);
        }

        SetAside aside = expectSetAsideAndANewLog(file, Files.size(pristine), "garbage header");
        assertThat(aside.reason()).contains("not a database");
    }

    @Test
    void startsAboveTheOldSequencesWhenTheFileWasEmptiedWithoutSettingItAside() throws Exception {
        Path file = copy("emptied");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }

        try (EntryLog log = EntryLog.open(file, DEVICE, options())) {
            assertThat(log.status().setAside()).isEmpty();
            assertThat(Entries.written(log.append(Entries.sample(1)))).isEqualTo(LAST_USED + 2);
            StoredRecord first = log.readAll(0, 1).get(0);
            assertThat(first.record()).isInstanceOf(RestartRecord.class);
            assertThat(((RestartRecord) first.record()).setAsideFile()).isNull();
            assertThat(((RestartRecord) first.record()).afterSequence()).isEqualTo(LAST_USED);
        }
    }

    private SetAside expectSetAsideAndANewLog(Path file, long corruptSize, String what) throws Exception {
        byte[] corrupt = Files.readAllBytes(file);
        try (EntryLog log = EntryLog.open(file, DEVICE, options().withClock(java.time.Clock.fixed(NOW,
                java.time.ZoneOffset.UTC)))) {
            SetAside aside = log.status().setAside().orElseThrow(() -> new AssertionError(what + ": not set aside"));
            assertThat(aside.movedTo()).as(what).isEqualTo(file.resolveSibling("entries.db.corrupt-20260401T101530Z"));
            assertThat(Files.readAllBytes(aside.movedTo())).as(what + ": kept as it was").isEqualTo(corrupt);
            assertThat(corrupt.length).isEqualTo((int) corruptSize);

            StoredRecord first = log.readAll(0, 1).get(0);
            assertThat(first.sequence()).as(what).isEqualTo(LAST_USED + 1);
            assertThat(first.record()).as(what).isEqualTo(new RestartRecord(NOW, LAST_USED,
                    "entries.db.corrupt-20260401T101530Z",
                    "the file was corrupt and was set aside: " + aside.reason()));
            assertThat(log.append(Entries.sample(1))).isEqualTo(new Appended.Written(LAST_USED + 2));
            log.close();
            ChainReport report = ChainVerifier.verify(file, DEVICE, key.publicKey());
            assertThat(report).as(what).isEqualTo(new ChainReport.Intact(DEVICE, LAST_USED + 1,
                    LAST_USED + 2, 2, 1, LAST_USED + 2, 0, 0));
            return aside;
        }
    }

    private EntryLogOptions options() {
        return EntryLogOptions.defaults().withSigningKey(key);
    }

    private Path copy(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path file = folder.resolve("entries.db");
        Files.copy(pristine, file, StandardCopyOption.REPLACE_EXISTING);
        Path reservations = SequenceReservations.beside(pristine);
        Files.copy(reservations, SequenceReservations.beside(file), StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
