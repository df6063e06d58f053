package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code audit/entries-v1.db}, a format version 1 file written by the first EntryLog, and must keep doing so
 * in every later version: since version 2 by migrating it on opening. It was made by appending, in this order,
 * GOLDEN_1, OTHER_1, GOLDEN_2 and GOLDEN_3 below through two logs on one fresh file and closing both. Never
 * regenerate it; add a new file for a new version ({@link EntryLogGoldenV2Test}).
 */
class EntryLogGoldenFileTest {
    private static final EntryRecord GOLDEN_1 = new EntryRecord(Instant.parse("2026-03-01T08:00:00.125Z"), 1_000L,
            "VALID", "HC1", "DEsVUSvpFAE=", "44fdb727a8ebd78bacdd1a3a0738cae1", true);
    private static final EntryRecord OTHER_1 = new EntryRecord(Instant.parse("2026-03-01T08:00:03Z"), 987_654_321L,
            "VALID", "SHC", "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s", "0123456789abcdef0123456789abcdef", true);
    private static final EntryRecord GOLDEN_2 = new EntryRecord(Instant.parse("2026-03-01T08:00:07.500Z"),
            7_500_000_000L, "EXPIRED", "HC1", "DEsVUSvpFAE=", "fedcba9876543210fedcba9876543210", true);
    private static final EntryRecord GOLDEN_3 = new EntryRecord(Instant.parse("1970-01-01T00:02:00Z"), -42L,
            "UNREADABLE", "UNKNOWN", null, null, false);

    @TempDir
    Path dir;

    @Test
    void readsTheVersion1GoldenFile() throws Exception {
        Path file = copyGolden();

        try (EntryLog golden = EntryLog.open(file, "gate-golden"); EntryLog other = EntryLog.open(file, "gate-other")) {
            assertThat(golden.readFrom(0, 10)).containsExactly(
                    new StoredEntry("gate-golden", 1, GOLDEN_1),
                    new StoredEntry("gate-golden", 2, GOLDEN_2),
                    new StoredEntry("gate-golden", 3, GOLDEN_3));
            assertThat(other.readFrom(0, 10)).containsExactly(new StoredEntry("gate-other", 1, OTHER_1));
            assertThat(golden.lastSequence()).isEqualTo(3);
            assertThat(other.count()).isEqualTo(1);
        }
    }

    @Test
    void continuesTheSequenceOfTheVersion1GoldenFile() throws Exception {
        Path file = copyGolden();

        try (EntryLog golden = EntryLog.open(file, "gate-golden")) {
            assertThat(golden.append(Entries.sample(1))).isEqualTo(new Appended.Written(4));
            assertThat(golden.readFrom(3, 10)).extracting(StoredEntry::record).containsExactly(Entries.sample(1));
        }
    }

    @Test
    void migratesTheVersion1GoldenFileToVersion2WithAChainPerDevice() throws Exception {
        Path file = copyGolden();
        DeviceKey key = DeviceKey.generate();

        try (EntryLog golden = EntryLog.open(file, "gate-golden", EntryLogOptions.defaults().withSigningKey(key))) {
            assertThat(golden.pragma("user_version")).isEqualTo("2");
            assertThat(golden.readRecords(0, 10)).extracting(ChainRecord::uploaded).containsOnly(false);
        }

        assertThat(RawSql.number(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries'")).isZero();
        assertThat(RawSql.number(file, "SELECT COUNT(*) FROM records")).isEqualTo(4);
        assertThat(ChainVerifier.verify(file, "gate-golden", key.publicKey()))
                .isEqualTo(new ChainReport.Intact("gate-golden", 1, 3, 3, 1, 3, 0, 0));
        assertThat(ChainVerifier.verify(file, "gate-other", key.publicKey()))
                .isEqualTo(new ChainReport.Intact("gate-other", 1, 1, 1, 0, 0, 0, 0));
    }

    @Test
    void encryptsTheVersion1RowsWhenMigratingWithADataKey() throws Exception {
        Path file = copyGolden();
        EntryLogOptions options = EntryLogOptions.defaults().withCipher(BodyCipher.ofKey(new byte[32]));

        try (EntryLog golden = EntryLog.open(file, "gate-golden", options)) {
            assertThat(golden.readFrom(0, 10)).extracting(StoredEntry::record).containsExactly(GOLDEN_1, GOLDEN_2,
                    GOLDEN_3);
            assertThat(golden.readRecords(0, 10)).extracting(ChainRecord::bodyFormat)
                    .containsOnly(BodyFormat.AES_GCM_CBOR);
        }
    }

    private Path copyGolden() throws IOException {
        Path file = dir.resolve("entries-v1.db");
        try (InputStream golden = getClass().getResourceAsStream("/audit/entries-v1.db")) {
            assertThat(golden).as("test resource audit/entries-v1.db").isNotNull();
            Files.copy(golden, file);
        }
        return file;
    }
}
