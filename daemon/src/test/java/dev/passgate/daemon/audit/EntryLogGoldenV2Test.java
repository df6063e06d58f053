package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code audit/entries-v2.db}, a format version 2 file, and must keep doing so in every later version, with
 * its sequence reservations {@code audit/entries-v2.db.seq} and the public half of its signing key
 * {@code audit/entries-v2-signing.pub.pem}. It holds three devices: {@code gate-golden} with plain entries, a
 * counted gap of two decisions lost to a full disk, encrypted entries and two records marked uploaded;
 * {@code gate-purged}, purged by retention down to its anchor checkpoint and a retention gap; and
 * {@code gate-restart}, which starts over above a reservation. It was written once by
 * {@link #writesTheVersion2GoldenFile} with the keys of {@link GoldenKeys}; never regenerate it, add a new file for
 * a new version.
 */
class EntryLogGoldenV2Test {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant D0 = Instant.parse("2026-01-01T00:00:00Z");
    static final EntryRecord G1 = new EntryRecord(T0.plusMillis(250), 5_000L, "VALID", "HC1", "DEsVUSvpFAE=", "v",
            "44fdb727a8ebd78bacdd1a3a0738cae1", "MUSTERMANN<<ERIKA|1964-08-12", true);
    static final EntryRecord G2 = new EntryRecord(T0.plusSeconds(4), 4_005_000_000L, "EXPIRED", "HC1",
            "DEsVUSvpFAE=", null, "fedcba9876543210fedcba9876543210", null, true);
    static final EntryRecord LOST_1 = new EntryRecord(T0.plusSeconds(10), 10_005_000_000L, "VALID", "HC1", null,
            null, true);
    static final EntryRecord LOST_2 = new EntryRecord(T0.plusSeconds(12), 12_005_000_000L, "VALID", "HC1", null,
            null, true);
    static final EntryRecord G3 = new EntryRecord(T0.plusSeconds(20), -7L, "UNKNOWN_ISSUER", "HC1", null, null,
            null, null, false);
    static final EntryRecord G4 = new EntryRecord(T0.plusSeconds(60), 60_000_000_000L, "VALID", "SHC",
            "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s", "0123456789abcdef0123456789abcdef", true);
    static final EntryRecord G5 = new EntryRecord(T0.plusMillis(61_500), 61_500_000_000L, "REVOKED", "HC1",
            "DEsVUSvpFAE=", "fedcba9876543210fedcba9876543210", true);
    static final EntryRecord P5 = new EntryRecord(T0.plusSeconds(1), 1L, "VALID", "HC1", null, null, true);
    static final EntryRecord R1 = new EntryRecord(T0.plusSeconds(100), 100L, "MALFORMED", "UNKNOWN", null, null,
            true);

    @TempDir
    Path dir;

    @Test
    void readsEveryRecordOfTheVersion2GoldenFile() throws Exception {
        Path file = copyGolden();

        assertThat(readAll(file, "gate-golden")).containsExactly(
                new StoredRecord("gate-golden", 1, G1),
                new StoredRecord("gate-golden", 2, G2),
                new StoredRecord("gate-golden", 3, new GapRecord(G3.wallTime(), GapReason.STORAGE_FULL, 2,
                        LOST_1.wallTime(), LOST_2.wallTime(), 0, 0)),
                new StoredRecord("gate-golden", 4, G3),
                new StoredRecord("gate-golden", 5, G4),
                new StoredRecord("gate-golden", 6, G5));
        assertThat(readAll(file, "gate-purged")).containsExactly(
                new StoredRecord("gate-purged", 5, new GapRecord(T0, GapReason.RETENTION, 4, D0,
                        D0.plus(Duration.ofHours(3)), 1, 4)),
                new StoredRecord("gate-purged", 6, P5));
        assertThat(readAll(file, "gate-restart")).containsExactly(
                new StoredRecord("gate-restart", 2049, new RestartRecord(R1.wallTime(), 2048, null,
                        ChainWriter.NOTHING_EARLIER)),
                new StoredRecord("gate-restart", 2050, R1));
    }

    @Test
    void verifiesTheChainsAndCheckpointsOfTheVersion2GoldenFileWithoutTheDataKey() throws Exception {
        Path file = copyGolden();
        Path publicKey = copyResource("entries-v2-signing.pub.pem", "signing.pub.pem");
        assertThat(Files.readString(publicKey)).isEqualTo(GoldenKeys.signingKey().publicKeyPem());

        assertThat(ChainVerifier.verify(file, "gate-golden", DeviceKey.readPublicKey(publicKey)))
                .isEqualTo(new ChainReport.Intact("gate-golden", 1, 6, 6, 2, 6, 2, 0));
        assertThat(ChainVerifier.verify(file, "gate-purged", DeviceKey.readPublicKey(publicKey)))
                .isEqualTo(new ChainReport.Intact("gate-purged", 5, 6, 2, 2, 6, 0, 4));
        assertThat(ChainVerifier.verify(file, "gate-restart", DeviceKey.readPublicKey(publicKey)))
                .isEqualTo(new ChainReport.Intact("gate-restart", 2049, 2050, 2, 1, 2050, 0, 0));
    }

    @Test
    void keepsTheUploadMarksBodyFormatsAndReservationsOfTheVersion2GoldenFile() throws Exception {
        Path file = copyGolden();
        try (EntryLog log = EntryLog.open(file, "gate-golden")) {
            List<ChainRecord> rows = log.readRecords(0, 10);
            assertThat(rows).extracting(ChainRecord::uploaded).containsExactly(true, true, false, false, false, false);
            assertThat(rows).extracting(ChainRecord::bodyFormat).containsExactly(BodyFormat.CBOR, BodyFormat.CBOR,
                    BodyFormat.CBOR, BodyFormat.CBOR, BodyFormat.AES_GCM_CBOR, BodyFormat.AES_GCM_CBOR);
        }
        SequenceReservations reservations = new SequenceReservations(SequenceReservations.beside(file));
        assertThat(reservations.reserved("gate-restart")).isEqualTo(3072);
        assertThat(reservations.exact("gate-restart")).as("a version 1 mark not written since").isFalse();
        assertThat(reservations.reserved("gate-golden")).as("lowered to the last record on a clean close")
                .isEqualTo(6);
        assertThat(reservations.exact("gate-golden")).isTrue();
        assertThat(reservations.reserved("gate-unknown")).isZero();
        assertThat(Files.readString(SequenceReservations.beside(file)))
                .startsWith(SequenceReservations.HEADER + "\n").contains("gate-restart 3072 v1\n");
    }

    @Test
    void continuesTheChainOfTheVersion2GoldenFile() throws Exception {
        Path file = copyGolden();
        DeviceKey key = GoldenKeys.signingKey();
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(key)
                .withCipher(BodyCipher.ofKey(GoldenKeys.dataKey()));

        try (EntryLog log = EntryLog.open(file, "gate-golden", options)) {
            assertThat(log.append(Entries.sample(1))).isEqualTo(new Appended.Written(7));
        }

        assertThat(ChainVerifier.verify(file, "gate-golden", key.publicKey()))
                .isEqualTo(new ChainReport.Intact("gate-golden", 1, 7, 7, 3, 7, 2, 0));
    }

    /**
     * Writes the golden file into the folder named by {@code -Dpassgate.golden.write=DIR}; skipped otherwise. It was
     * run once to make the committed file. The clock is set by hand, so every time in the file is one of the
     * constants above.
     */
    @Test
    void writesTheVersion2GoldenFile() throws Exception {
        String target = System.getProperty("passgate.golden.write");
        assumeThat(target).as("-Dpassgate.golden.write=DIR").isNotNull();
        Path file = Path.of(target).resolve("entries-v2.db");
        Files.createDirectories(file.getParent());
        Files.writeString(SequenceReservations.beside(file), SequenceReservations.HEADER + "\ngate-restart 2048\n");
        DeviceKey key = GoldenKeys.signingKey();
        MutableClock clock = new MutableClock(T0);
        EntryLogOptions plain = EntryLogOptions.defaults().withClock(clock).withSigningKey(key)
                .withCheckpoints(3, Duration.ZERO);
        EntryLogCapacityTest.DiskFullCommit disk = new EntryLogCapacityTest.DiskFullCommit();
        try (EntryLog log = EntryLog.open(file, "gate-golden", plain, disk)) {
            log.append(G1);
            log.append(G2);
            disk.full = true;
            log.append(LOST_1);
            log.append(LOST_2);
            disk.full = false;
            clock.set(G3.wallTime());
            log.append(G3);
        }
        clock.set(G4.wallTime());
        EntryLogOptions sealed = plain.withCipher(BodyCipher.ofKey(GoldenKeys.dataKey()));
        try (EntryLog log = EntryLog.open(file, "gate-golden", sealed)) {
            log.append(G4);
            log.append(G5);
            clock.set(G5.wallTime().plusMillis(500));
            log.markUploaded(2);
        }
        clock.set(D0);
        try (EntryLog log = EntryLog.open(file, "gate-purged", plain.withRetention(Duration.ofDays(28)))) {
            for (int hour = 0; hour < 4; hour++) {
                log.append(new EntryRecord(D0.plus(Duration.ofHours(hour)), hour, "VALID", "HC1", null, null, true));
            }
            clock.set(T0);
            log.maintain();
            log.append(P5);
        }
        clock.set(R1.wallTime());
        try (EntryLog log = EntryLog.open(file, "gate-restart", plain)) {
            log.append(R1);
        }
        Files.writeString(file.resolveSibling("entries-v2-signing.pub.pem"), key.publicKeyPem(),
                StandardCharsets.US_ASCII);
    }

    private static List<StoredRecord> readAll(Path file, String device) throws Exception {
        EntryLogOptions options = EntryLogOptions.defaults().withCipher(BodyCipher.ofKey(GoldenKeys.dataKey()));
        try (EntryLog log = EntryLog.open(file, device, options)) {
            return log.readAll(0, 100);
        }
    }

    private Path copyGolden() throws IOException {
        copyResource("entries-v2.db.seq", "entries-v2.db.seq");
        return copyResource("entries-v2.db", "entries-v2.db");
    }

    private Path copyResource(String name, String as) throws IOException {
        Path file = dir.resolve(as);
        try (InputStream golden = getClass().getResourceAsStream("/audit/" + name)) {
            assertThat(golden).as("test resource audit/" + name).isNotNull();
            Files.copy(golden, file);
        }
        return file;
    }
}
