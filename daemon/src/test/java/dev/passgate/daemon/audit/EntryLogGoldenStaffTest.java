package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code audit/entries-v2-staff.db}, a format version 2 file with the staff keys of an ENTRY body
 * ({@link StaffAction}), and must keep doing so in every later version. Device {@code gate-staff} holds an entry
 * that waited and was confirmed by the button, one confirmed by a staff card (sealed with the data key, with the
 * card's pseudonym and replay digest), and one that timed out; its checkpoints are signed with
 * {@link GoldenKeys#signingKey}, whose public half is {@code audit/entries-v2-signing.pub.pem}. It was written once by
 * {@link #writesTheStaffGoldenFile}; never regenerate it.
 */
class EntryLogGoldenStaffTest {
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    static final String HOLDER = "0123456789abcdef0123456789abcdef";
    static final String CARD = "fedcba9876543210fedcba9876543210";
    static final EntryRecord WAITED = new EntryRecord(T0, 1_000L, "POLICY_REJECTED", "PG1", "6j3C+1ov7Ys=", null,
            HOLDER, null, true);
    static final EntryRecord BY_BUTTON = new EntryRecord(T0.plusSeconds(12), 12_000_001_000L, "STAFF_CONFIRMED", "PG1",
            "6j3C+1ov7Ys=", null, HOLDER, null, true).withStaff(new StaffAction("BUTTON", null, 1, "POLICY_REJECTED"));
    static final EntryRecord DEGRADED = new EntryRecord(T0.plusSeconds(60), 60_000_000_000L, "CONFIRM_REQUIRED", "HC1",
            "DEsVUSvpFAE=", null, HOLDER, null, true);
    static final EntryRecord BY_CARD = new EntryRecord(T0.plusSeconds(70), 70_000_000_000L, "STAFF_CONFIRMED", "HC1",
            "DEsVUSvpFAE=", null, HOLDER, null, true).withStaff(new StaffAction("CARD", CARD, 3, "CONFIRM_REQUIRED"))
            .withReplayDigest("00112233445566778899aabbccddeeff");
    static final EntryRecord WAITED_AGAIN = new EntryRecord(T0.plusSeconds(120), 120_000_000_000L, "POLICY_REJECTED",
            "PG1", "6j3C+1ov7Ys=", null, HOLDER, null, false);
    static final EntryRecord TIMED_OUT = new EntryRecord(T0.plusSeconds(150), 150_000_000_000L, "STAFF_TIMED_OUT",
            "PG1", "6j3C+1ov7Ys=", null, HOLDER, null, false)
            .withStaff(new StaffAction("NONE", null, 5, "POLICY_REJECTED"));

    @TempDir
    Path dir;

    @Test
    void readsEveryStaffRecordOfTheGoldenFile() throws Exception {
        Path file = copyResource("entries-v2-staff.db", "entries.db");
        EntryLogOptions options = EntryLogOptions.defaults().withCipher(BodyCipher.ofKey(GoldenKeys.dataKey()));

        try (EntryLog log = EntryLog.open(file, "gate-staff", options)) {
            assertThat(log.readAll(0, 10)).extracting(StoredRecord::record)
                    .containsExactly(WAITED, BY_BUTTON, DEGRADED, BY_CARD, WAITED_AGAIN, TIMED_OUT);
            assertThat(log.readRecords(0, 10)).extracting(ChainRecord::bodyFormat).containsExactly(BodyFormat.CBOR,
                    BodyFormat.CBOR, BodyFormat.AES_GCM_CBOR, BodyFormat.AES_GCM_CBOR, BodyFormat.CBOR,
                    BodyFormat.CBOR);
        }
        Path publicKey = copyResource("entries-v2-signing.pub.pem", "signing.pub.pem");
        assertThat(ChainVerifier.verify(file, "gate-staff", DeviceKey.readPublicKey(publicKey)))
                .isEqualTo(new ChainReport.Intact("gate-staff", 1, 6, 6, 3, 6, 0, 0));
    }

    @Test
    void aStaffActionOutOfShapeIsRefusedWithoutShowingTheCard() {
        assertThatThrownBy(() -> new StaffAction("JANITOR", null, 1, "VALID")).hasMessageContaining("JANITOR");
        assertThatThrownBy(() -> new StaffAction("BUTTON", CARD, 1, "VALID")).hasMessageNotContaining(CARD)
                .hasMessageContaining("given with CARD");
        assertThatThrownBy(() -> new StaffAction("CARD", "Kim Minji", 1, "VALID"))
                .hasMessageNotContaining("Kim");
        assertThatThrownBy(() -> new StaffAction("NONE", null, -1, "VALID")).hasMessageContaining("-1");
        assertThatThrownBy(() -> new StaffAction("NONE", null, 1, "valid")).hasMessageContaining("verdict code");
        assertThat(BY_CARD.toString()).doesNotContain(CARD).contains("staff=StaffAction[by=CARD, card=present");
    }

    /** Writes the golden file into the folder named by {@code -Dpassgate.golden.write=DIR}; skipped otherwise. */
    @Test
    void writesTheStaffGoldenFile() throws Exception {
        String target = System.getProperty("passgate.golden.write");
        assumeThat(target).as("-Dpassgate.golden.write=DIR").isNotNull();
        Path file = Path.of(target).resolve("entries-v2-staff.db");
        Files.createDirectories(file.getParent());
        MutableClock clock = new MutableClock(T0);
        EntryLogOptions plain = EntryLogOptions.defaults().withClock(clock).withSigningKey(GoldenKeys.signingKey())
                .withCheckpoints(3, Duration.ZERO);
        try (EntryLog log = EntryLog.open(file, "gate-staff", plain)) {
            append(log, clock, List.of(WAITED, BY_BUTTON));
        }
        try (EntryLog log = EntryLog.open(file, "gate-staff",
                plain.withCipher(BodyCipher.ofKey(GoldenKeys.dataKey())))) {
            append(log, clock, List.of(DEGRADED, BY_CARD));
        }
        try (EntryLog log = EntryLog.open(file, "gate-staff", plain)) {
            append(log, clock, List.of(WAITED_AGAIN, TIMED_OUT));
        }
    }

    private static void append(EntryLog log, MutableClock clock, List<EntryRecord> records) {
        for (EntryRecord record : records) {
            clock.set(record.wallTime());
            assertThat(log.append(record)).isInstanceOf(Appended.Written.class);
        }
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
