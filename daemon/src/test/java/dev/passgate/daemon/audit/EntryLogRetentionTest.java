package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 28-day rule on an injected clock: old records go, uploaded or not, and the chain stays verifiable. */
class EntryLogRetentionTest {
    private static final String DEVICE = "gate-retention";
    private static final Duration RETENTION = Duration.ofDays(28);
    private static final Instant DAY_0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private final DeviceKey key = DeviceKey.generate();
    private final MutableClock clock = new MutableClock(DAY_0);

    @Test
    void purgesRecordsOlderThanTheRetentionAndCountsThoseNeverUploadedInAGapRecord() throws Exception {
        // given 40 days with three scans a day, the first 30 scans uploaded
        Path file = dir.resolve("entries.db");
        try (EntryLog log = EntryLog.open(file, DEVICE, options())) {
            appendDays(log, 40, 3);
            assertThat(log.markUploaded(30)).isEqualTo(30);

            // when the upkeep runs a minute after the last scan
            clock.advance(Duration.ofMinutes(1));
            Maintenance done = log.maintain();

            // then days 0..11 are gone (12 days x 3 = 36 records), 6 of them never uploaded
            assertThat(done.purged()).isEqualTo(36);
            assertThat(done.purgedNotUploaded()).isEqualTo(6);
            List<StoredRecord> left = log.readAll(0, 1000);
            assertThat(left.get(0).sequence()).isEqualTo(37);
            assertThat(left).extracting(stored -> stored.record().wallTime())
                    .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(clock.instant().minus(RETENTION)));
            GapRecord gap = (GapRecord) left.get(left.size() - 1).record();
            assertThat(gap).isEqualTo(new GapRecord(clock.instant(), GapReason.RETENTION, 6, DAY_0,
                    DAY_0.plus(Duration.ofDays(11)).plus(Duration.ofHours(2)), 1, 36));
            assertThat(left.get(left.size() - 1).sequence()).isEqualTo(121);
            assertThat(log.checkpoints()).extracting(Checkpoint::sequence).startsWith(36L);
        }

        // and the remaining chain verifies from the anchor the purge left at record 36
        ChainReport report = ChainVerifier.verify(file, DEVICE, key.publicKey());
        assertThat(report).isInstanceOf(ChainReport.Intact.class);
        ChainReport.Intact intact = (ChainReport.Intact) report;
        assertThat(intact.firstSequence()).isEqualTo(37);
        assertThat(intact.lastSequence()).isEqualTo(121);
        assertThat(intact.purgedNotUploaded()).isEqualTo(6);
    }

    @Test
    void onAnUntrustedClockPurgesOnlyWhatWasUploadedAndABoundedSliceARun() throws Exception {
        // given 40 days with three scans a day, the first 30 uploaded, and a clock nobody can vouch for
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE, options())) {
            appendDays(log, 40, 3);
            log.markUploaded(30);
            clock.advance(Duration.ofDays(400));

            // when the upkeep runs with the clock untrusted for purging
            Maintenance untrusted = log.maintain(false);

            // then only the 30 uploaded records go, and no gap record is needed
            assertThat(untrusted.purged()).isEqualTo(30);
            assertThat(untrusted.purgedNotUploaded()).isZero();
            assertThat(log.readAll(0, 1000).get(0).sequence()).isEqualTo(31);
            assertThat(ChainVerifier.verify(log, key.publicKey())).isInstanceOf(ChainReport.Intact.class);
        }
    }

    @Test
    void writesNoGapRecordWhenEveryPurgedRecordWasUploaded() throws Exception {
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE, options())) {
            appendDays(log, 30, 1);
            log.markUploaded(30);
            clock.advance(Duration.ofMinutes(1));

            Maintenance done = log.maintain();

            assertThat(done).isEqualTo(new Maintenance(2, 0, false, 0));
            assertThat(log.readAll(0, 100)).extracting(StoredRecord::record).allMatch(r -> r instanceof EntryRecord);
            assertThat(ChainVerifier.verify(log, key.publicKey())).isInstanceOf(ChainReport.Intact.class);
        }
    }

    @Test
    void purgesEverythingAndTheChainContinuesAcrossThePurge() throws Exception {
        Path file = dir.resolve("entries.db");
        try (EntryLog log = EntryLog.open(file, DEVICE, options())) {
            appendDays(log, 3, 2);
            clock.advance(Duration.ofDays(60));

            assertThat(log.maintain().purged()).isEqualTo(6);
            assertThat(log.count()).as("only the retention gap record").isEqualTo(1);
            assertThat(log.append(Entries.sample(1))).isEqualTo(new Appended.Written(8));
        }
        ChainReport report = ChainVerifier.verify(file, DEVICE, key.publicKey());
        assertThat(report).isEqualTo(new ChainReport.Intact(DEVICE, 7, 8, 2, 2, 8, 0, 6));
    }

    @Test
    void purgesInBatchesAndNeverARecordBeforeItIsDue() throws Exception {
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), DEVICE, options())) {
            for (int i = 0; i < 2500; i++) {
                log.append(Entries.sample(i));
            }
            clock.advance(Duration.ofDays(29));
            Instant recent = clock.instant();
            log.append(new EntryRecord(recent, 0, "VALID", "HC1", null, null, true));
            clock.advance(Duration.ofHours(1));

            Maintenance done = log.maintain();

            assertThat(done.purged()).isEqualTo(2500);
            assertThat(log.readFrom(0, 10)).extracting(stored -> stored.record().wallTime()).containsExactly(recent);
            assertThat(ChainVerifier.verify(log, key.publicKey())).isInstanceOf(ChainReport.Intact.class);
        }
    }

    private EntryLogOptions options() {
        return EntryLogOptions.defaults().withClock(clock).withSigningKey(key).withRetention(RETENTION)
                .withCheckpoints(25, Duration.ZERO);
    }

    /** Appends {@code perDay} scans an hour apart on each of {@code days} days, moving the clock along. */
    private void appendDays(EntryLog log, int days, int perDay) {
        for (int day = 0; day < days; day++) {
            for (int scan = 0; scan < perDay; scan++) {
                clock.set(DAY_0.plus(Duration.ofDays(day)).plus(Duration.ofHours(scan)));
                log.append(new EntryRecord(clock.instant(), day, "VALID", "HC1", "kid", null, true));
            }
        }
    }
}
