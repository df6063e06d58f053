package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hash chain and the signed checkpoints, against someone who changes the file with plain SQL: every change is
 * found, at the sequence where it was made, and a forger without the device key cannot make a changed log verify.
 */
class EntryLogChainTest {
    private static final String DEVICE = "gate-chain";
    private static final int RECORDS = 23;
    private static final int CHECKPOINT_EVERY = 10;

    @TempDir
    Path dir;

    private final DeviceKey key = DeviceKey.generate();
    private Path pristine;

    @BeforeEach
    void writeALogWithEntriesAGapAndCheckpoints() throws Exception {
        pristine = dir.resolve("pristine/entries.db");
        EntryLogTest.FaultyCommit commit = new EntryLogTest.FaultyCommit();
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(key)
                .withCheckpoints(CHECKPOINT_EVERY, Duration.ZERO);
        try (EntryLog log = EntryLog.open(pristine, DEVICE, options, commit)) {
            for (int i = 0; i < RECORDS - 1; i++) {
                commit.failBeforeCommit = i == 7;
                log.append(Entries.sample(i));
            }
        }
        assertThat(RawSql.number(pristine, "SELECT COUNT(*) FROM records WHERE kind = 2")).as("one gap").isEqualTo(1);
    }

    @Test
    void verifiesAfterManyAppendsWithACheckpointEveryTenRecordsAndOneAtClose() throws Exception {
        ChainReport report = ChainVerifier.verify(pristine, DEVICE, key.publicKey());

        assertThat(report).isEqualTo(new ChainReport.Intact(DEVICE, 1, RECORDS - 1, RECORDS - 1, 3, RECORDS - 1, 1,
                0));
        try (EntryLog reopened = EntryLog.open(pristine, DEVICE)) {
            assertThat(ChainVerifier.verify(reopened, key.publicKey())).isEqualTo(report);
            assertThat(reopened.checkpoints()).extracting(Checkpoint::sequence).containsExactly(10L, 20L, 22L);
        }
    }

    @Test
    void findsAChangeToAnyColumnOfAnyRowAtThatRow() throws Exception {
        Map<String, String> changes = Map.of(
                "kind", "UPDATE records SET kind = 3 - kind WHERE seq = ?",
                "wall_time_ms", "UPDATE records SET wall_time_ms = wall_time_ms + 1 WHERE seq = ?",
                "body_format", "UPDATE records SET body_format = 1 - body_format WHERE seq = ?",
                "body", "UPDATE records SET body = randomblob(length(body)) WHERE seq = ?",
                "prev_hash", "UPDATE records SET prev_hash = zeroblob(32) WHERE seq = ?",
                "hash", "UPDATE records SET hash = zeroblob(32) WHERE seq = ?",
                "seq", "UPDATE records SET seq = seq + 1000 WHERE seq = ?",
                "device_id", "UPDATE records SET device_id = 'gate-other' WHERE seq = ?");
        List<String> found = new ArrayList<>();
        for (long sequence = 1; sequence < RECORDS; sequence++) {
            for (Map.Entry<String, String> change : changes.entrySet()) {
                Path copy = copyOfPristine();
                assertThat(RawSql.update(copy, change.getValue(), sequence)).isEqualTo(1);

                ChainReport report = ChainVerifier.verify(copy, DEVICE, key.publicKey());

                String context = change.getKey() + " of record " + sequence;
                assertThat(report).as(context).isInstanceOf(ChainReport.Broken.class);
                ChainReport.Broken broken = (ChainReport.Broken) report;
                assertThat(broken.sequence()).as(context + ": " + broken).isEqualTo(sequence);
                assertThat(broken.problem()).as(context).isIn(expectedProblems(change.getKey(), sequence));
                found.add(broken.problem().name());
            }
        }
        System.out.println("chain tamper test: " + found.size() + " single-column changes, every one found at its"
                + " row; problems " + found.stream().distinct().sorted().toList());
    }

    @Test
    void findsAFlippedBitInEveryByteOfABody() throws Exception {
        byte[] body = RawSql.bytes(pristine, "SELECT body FROM records WHERE seq = 5");
        for (int index = 0; index < body.length; index++) {
            int bit = index * 8 + index % 8;
            byte[] changed = body.clone();
            changed[index] ^= (byte) (1 << (bit % 8));
            Path copy = copyOfPristine();
            RawSql.update(copy, "UPDATE records SET body = ? WHERE seq = 5", changed);

            ChainReport report = ChainVerifier.verify(copy, DEVICE, key.publicKey());

            assertThat(report).as("bit %d", bit)
                    .isEqualTo(brokenAt(report, ChainReport.Problem.TAMPERED, 5));
        }
    }

    @Test
    void findsADeletedRowAtItsSequenceFirstMiddleOrLast() throws Exception {
        assertThat(verifyAfter("DELETE FROM records WHERE seq = 12"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .containsExactly(ChainReport.Problem.GAP, 12L);
        assertThat(verifyAfter("DELETE FROM records WHERE seq = 1"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .containsExactly(ChainReport.Problem.UNANCHORED_START, 1L);
        assertThat(verifyAfter("DELETE FROM records WHERE seq >= 21"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .containsExactly(ChainReport.Problem.MISSING_RECORD, 21L);
    }

    @Test
    void findsAChangedCheckpoint() throws Exception {
        assertThat(verifyAfter("UPDATE checkpoints SET signature = zeroblob(64) WHERE seq = 20"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .containsExactly(ChainReport.Problem.BAD_SIGNATURE, 20L);
        assertThat(verifyAfter("UPDATE checkpoints SET chain_hash = zeroblob(32) WHERE seq = 10"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .containsExactly(ChainReport.Problem.BAD_SIGNATURE, 10L);
        assertThat(verifyAfter("UPDATE checkpoints SET wall_time_ms = wall_time_ms - 1 WHERE seq = 22"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .containsExactly(ChainReport.Problem.BAD_SIGNATURE, 22L);
        assertThat(verifyAfter("UPDATE checkpoints SET key_id = zeroblob(8) WHERE seq = 10"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .containsExactly(ChainReport.Problem.BAD_SIGNATURE, 10L);
        assertThat(verifyAfter("UPDATE checkpoints SET seq = 21 WHERE seq = 20"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .containsExactly(ChainReport.Problem.BAD_SIGNATURE, 21L);
        assertThat(verifyAfter("DELETE FROM checkpoints WHERE seq = 22", "UPDATE records SET wall_time_ms = 0"
                + " WHERE seq = 22"))
                .extracting(ChainReport.Broken::problem, ChainReport.Broken::sequence)
                .as("a change after the last checkpoint is still a change").containsExactly(
                        ChainReport.Problem.TAMPERED, 22L);
    }

    @Test
    void aForgerWithoutTheDeviceKeyCannotRewriteARecordUnnoticed() throws Exception {
        // given a forger who turns record 4's EXPIRED into VALID and recomputes every hash from there on
        Path rewritten = copyOfPristine();
        rewriteRecord(rewritten, 4);

        // then the first checkpoint after it no longer matches
        ChainReport report = verify(rewritten);
        assertThat(report).isEqualTo(brokenAt(report, ChainReport.Problem.CHECKPOINT_MISMATCH, 10));

        // and when the forger also signs new checkpoints with a key of their own, the signature gives it away
        DeviceKey forger = DeviceKey.generate();
        for (long sequence : new long[] {10, 20, 22}) {
            byte[] hash = RawSql.bytes(rewritten, "SELECT hash FROM records WHERE seq = ?", sequence);
            long at = RawSql.number(rewritten, "SELECT wall_time_ms FROM checkpoints WHERE seq = ?", sequence);
            Checkpoint forged = forger.sign(DEVICE, sequence, hash, at);
            RawSql.update(rewritten, "UPDATE checkpoints SET chain_hash = ?, key_id = ?, signature = ? WHERE seq = ?",
                    forged.chainHash(), forged.keyId(), forged.signature(), sequence);
        }
        ChainReport forgedReport = verify(rewritten);
        assertThat(forgedReport).extracting(r -> ((ChainReport.Broken) r).problem(), r -> ((ChainReport.Broken) r)
                .sequence()).containsExactly(ChainReport.Problem.BAD_SIGNATURE, 10L);
        assertThat(ChainVerifier.verify(rewritten, DEVICE, forger.publicKey())).as("under the forger's own key")
                .isInstanceOf(ChainReport.Intact.class);
    }

    private void rewriteRecord(Path file, long target) throws Exception {
        List<ChainRecord> rows;
        try (EntryLog log = EntryLog.open(file, DEVICE)) {
            rows = log.readRecords(0, 100);
        }
        byte[] prev = null;
        BodyCodec codec = new BodyCodec(null);
        for (ChainRecord row : rows) {
            byte[] body = row.body();
            if (row.sequence() == target) {
                EntryRecord original = (EntryRecord) codec.decode(row);
                EntryRecord forged = new EntryRecord(original.wallTime(), original.monotonicNanos(), "VALID",
                        original.format(), original.issuerKeyId(), original.holderId(), original.clockTrusted());
                assertThat(forged).isNotEqualTo(original);
                body = codec.encode(DEVICE, row.sequence(), forged).body();
            }
            byte[] prevHash = prev == null ? row.prevHash() : prev;
            byte[] hash = ChainEncoding.recordHash(DEVICE, row.sequence(), row.kind(), row.wallTimeMillis(),
                    row.bodyFormat(), body, prevHash);
            RawSql.update(file, "UPDATE records SET body = ?, prev_hash = ?, hash = ? WHERE seq = ?", body, prevHash,
                    hash, row.sequence());
            prev = row.sequence() >= target ? hash : null;
        }
    }

    private static Set<ChainReport.Problem> expectedProblems(String column, long sequence) {
        Function<Long, ChainReport.Problem> removed = s -> s == 1 ? ChainReport.Problem.UNANCHORED_START
                : s == RECORDS - 1 ? ChainReport.Problem.MISSING_RECORD : ChainReport.Problem.GAP;
        return switch (column) {
            case "device_id" -> Set.of(removed.apply(sequence));
            case "seq" -> Set.of(sequence == 1 ? ChainReport.Problem.UNANCHORED_START : ChainReport.Problem.GAP);
            default -> Set.of(ChainReport.Problem.TAMPERED);
        };
    }

    private static ChainReport brokenAt(ChainReport report, ChainReport.Problem problem, long sequence) {
        String detail = report instanceof ChainReport.Broken broken ? broken.detail() : "";
        return new ChainReport.Broken(DEVICE, problem, sequence, detail);
    }

    private ChainReport.Broken verifyAfter(String... statements) throws Exception {
        Path copy = copyOfPristine();
        for (String sql : statements) {
            RawSql.update(copy, sql);
        }
        ChainReport report = verify(copy);
        assertThat(report).as(String.join("; ", statements)).isInstanceOf(ChainReport.Broken.class);
        return (ChainReport.Broken) report;
    }

    private ChainReport verify(Path file) throws Exception {
        return ChainVerifier.verify(file, DEVICE, key.publicKey());
    }

    private Path copyOfPristine() throws Exception {
        Path copy = Files.createTempDirectory(dir, "copy").resolve("entries.db");
        Files.copy(pristine, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }
}
