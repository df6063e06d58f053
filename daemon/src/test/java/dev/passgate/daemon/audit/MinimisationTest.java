package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.EntryFieldsConfig;
import dev.passgate.config.FieldLevel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What each field level keeps of one scan, and that nothing over-long from a crafted pass breaks a record. */
class MinimisationTest {
    private static final Instant AT = Instant.parse("2026-03-01T08:00:00Z");
    private static final String IDENTITY = "MUSTERMANN<<ERIKA|1964-08-12";
    private static final HolderPseudonyms PSEUDONYMS = HolderPseudonyms.ofSecret(new byte[32]);

    @Test
    void keepsThePseudonymAndTheIssuerByDefault() {
        EntryRecord record = Minimisation.defaults(PSEUDONYMS).record(AT, 5, "VALID", "HC1", "kid", "v", IDENTITY,
                true);

        assertThat(record).isEqualTo(new EntryRecord(AT, 5, "VALID", "HC1", "kid", null, PSEUDONYMS.of(IDENTITY),
                null, true));
    }

    @Test
    void keepsNothingOfTheHolderIssuerOrTypeAtLevelNone() {
        EntryRecord record = levels(FieldLevel.NONE, FieldLevel.NONE, FieldLevel.NONE)
                .record(AT, 5, "EXPIRED", "HC1", "kid", "v", IDENTITY, true);

        assertThat(record).isEqualTo(new EntryRecord(AT, 5, "EXPIRED", "HC1", null, null, null, null, true));
    }

    @Test
    void keepsTheIdentityAndTheTypeAtLevelFull() {
        EntryRecord record = levels(FieldLevel.FULL, FieldLevel.FULL, FieldLevel.FULL)
                .record(AT, 5, "VALID", "HC1", "kid", "t", IDENTITY, true);

        assertThat(record).isEqualTo(new EntryRecord(AT, 5, "VALID", "HC1", "kid", "t", PSEUDONYMS.of(IDENTITY),
                IDENTITY, true));
        assertThat(record.toString()).doesNotContain("MUSTERMANN").doesNotContain(PSEUDONYMS.of(IDENTITY));
    }

    @Test
    void leavesOutValuesThatDoNotFitTheirFieldInsteadOfFailing() {
        EntryRecord record = levels(FieldLevel.FULL, FieldLevel.FULL, FieldLevel.FULL)
                .record(AT, 5, "VALID", "HC1", "k".repeat(500), "VAX", "X".repeat(300), true);

        assertThat(record.issuerKeyId()).isNull();
        assertThat(record.certificateType()).isNull();
        assertThat(record.holderIdentity()).isNull();
        assertThat(record.holderId()).isEqualTo(PSEUDONYMS.of("X".repeat(300)));
    }

    private static Minimisation levels(FieldLevel holder, FieldLevel issuer, FieldLevel type) {
        return new Minimisation(PSEUDONYMS, new EntryFieldsConfig(holder, issuer, type));
    }
}
