package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntryRecordTest {
    private static final Instant NOON = Instant.parse("2026-03-01T12:00:00.123456789Z");

    @Test
    void keepsWallTimeToTheMillisecond() {
        EntryRecord record = new EntryRecord(NOON, 5, "VALID", "HC1", null, null, true);

        assertThat(record.wallTime()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    }

    @Test
    void acceptsCodesAndIdsAtTheirLengthLimits() {
        String code = "A".repeat(EntryRecord.MAX_CODE_LENGTH);
        String kid = "k".repeat(EntryRecord.MAX_ISSUER_KEY_ID_LENGTH);
        String holder = "f".repeat(EntryRecord.MAX_HOLDER_ID_LENGTH);

        EntryRecord record = new EntryRecord(NOON, 0, code, "SHC_V1", kid, holder, false);

        assertThat(record.holderId()).hasSize(128);
    }

    @Test
    void refusesAVerdictThatIsNotAShortUpperCaseCode() {
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "valid", "HC1", null, null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verdict").hasMessageContaining("[A-Z0-9_]").hasMessageContaining("\"valid\"");
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "V".repeat(33), "HC1", null, null, true))
                .hasMessageContaining("33 chars");
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "", "HC1", null, null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAFormatWithCharactersOutsideTheCodeAlphabet() {
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "VALID", "HC-1", null, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
    }

    @Test
    void refusesAnIssuerKeyIdThatIsTooLongOrNotPrintable() {
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "VALID", "HC1", "k".repeat(129), null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("129 chars");
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "VALID", "HC1", "a b", null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuerKeyId");
    }

    @Test
    void refusesAHolderIdThatIsNotAPseudonymWithoutRepeatingIt() {
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "VALID", "HC1", null, "Erika Mustermann", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowercase hex")
                .hasMessageNotContaining("Erika");
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "VALID", "HC1", null, "a".repeat(129), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAWallTimeOutsideEpochMilliseconds() {
        assertThatThrownBy(() -> new EntryRecord(Instant.MAX, 0, "VALID", "HC1", null, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch milliseconds");
    }

    @Test
    void refusesAReplayDigestThatIsNotShortLowercaseHex() {
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "VALID", "PG1", null, null, null, null, true, "AB12"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replayDigest");
        assertThatThrownBy(() -> new EntryRecord(NOON, 0, "VALID", "PG1", null, null, null, null, true,
                "a".repeat(65))).hasMessageContaining("65 chars");
        assertThat(new EntryRecord(NOON, 0, "VALID", "PG1", null, null, null, null, true, "0f").replayDigest())
                .isEqualTo("0f");
    }
}
