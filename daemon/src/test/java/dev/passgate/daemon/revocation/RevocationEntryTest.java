package dev.passgate.daemon.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationEntryTest {
    @Test
    void dccKeysMustBeSixteenBytes() {
        assertThatThrownBy(() -> new RevocationEntry(Kind.DCC_UCI, "DE", new byte[32], null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("DCC_UCI key has 32 bytes, expected 16");
    }

    @Test
    void shcEntriesNeedARidOfBoundedLengthAndAScope() {
        assertThatThrownBy(() -> new RevocationEntry(Kind.SHC_RID, "iss#kid", new byte[0], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RevocationEntry(Kind.SHC_RID, "iss#kid", new byte[65], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RevocationEntry(Kind.SHC_RID, "", new byte[4], null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryIsImmutableAndComparesKeyBytes() {
        byte[] key = new byte[16];
        RevocationEntry entry = new RevocationEntry(Kind.DCC_SIGNATURE, "", key, null);
        key[0] = 1;
        entry.key()[1] = 1;

        assertThat(entry).isEqualTo(new RevocationEntry(Kind.DCC_SIGNATURE, "", new byte[16], null));
        assertThat(entry.hashCode()).isEqualTo(new RevocationEntry(Kind.DCC_SIGNATURE, "", new byte[16], null)
                .hashCode());
    }

    @Test
    void timestampedRidRevokesOnlyCardsIssuedBeforeIt() {
        Instant since = Instant.ofEpochSecond(1687450765);
        RevocationEntry entry = new RevocationEntry(Kind.SHC_RID, "iss#kid", new byte[] {'a'}, since);

        assertThat(entry.revokesIssuedAt(since.minusSeconds(1))).isTrue();
        assertThat(entry.revokesIssuedAt(since)).isFalse();
        assertThat(new RevocationEntry(Kind.SHC_RID, "iss#kid", new byte[] {'a'}, null)
                .revokesIssuedAt(since.plusSeconds(1))).isTrue();
    }

    @Test
    void kindCodesAreStable() {
        assertThat(Kind.values()).extracting(Kind::code).containsExactly(1, 2, 3, 4);
        assertThat(Kind.ofCode(3)).isEqualTo(Kind.DCC_SIGNATURE);
        assertThatThrownBy(() -> Kind.ofCode(9)).hasMessageContaining("found 9").isInstanceOf(
                IllegalArgumentException.class);
    }
}
