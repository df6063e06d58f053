package dev.passgate.daemon.verify.shc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationStore;
import dev.passgate.daemon.revocation.RevocationStoreException;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMART Health Cards rids looked up in a real revocation store file, as a trust bundle installs them. */
class ShcStoreRevocationTest {
    private static final Instant NOW = Instant.parse("2022-05-31T00:00:00Z");
    private static final long NBF = NOW.getEpochSecond() - 86_400;
    private static final ShcTestIssuer ISSUER = ShcTestIssuer.create("https://issuer.passgate.invalid");

    @TempDir
    Path dir;

    @Test
    void cardWhoseRidTheBundleListsIsRevoked() throws Exception {
        String card = ISSUER.card(ISSUER.payload(String.valueOf(NBF), null, "Rid_1-x", ShcTestIssuer.BUNDLE));

        Outcome outcome = verifyWith(card, entry("Rid_1-x", null));

        assertThat(outcome.verdict()).isEqualTo(Verdict.REVOKED);
        assertThat(outcome.checks()).containsEntry("signature", true).containsEntry("validity", true)
                .containsEntry("revocation", false);
        assertThat(outcome.reason()).contains("trust bundle").doesNotContain("Rid_1-x");
    }

    @Test
    void ridWithATimestampRevokesOnlyCardsIssuedBeforeIt() throws Exception {
        String card = ISSUER.card(ISSUER.payload(String.valueOf(NBF), null, "Rid_2", ShcTestIssuer.BUNDLE));

        Outcome later = verifyWith(card, entry("Rid_2", Instant.ofEpochSecond(NBF + 1)));
        Outcome earlier = verifyWith(card, entry("Rid_2", Instant.ofEpochSecond(NBF - 1)));

        assertThat(later.verdict()).isEqualTo(Verdict.REVOKED);
        assertThat(earlier.verdict()).isEqualTo(Verdict.VALID);
        assertThat(earlier.checks()).containsEntry("revocation", true);
    }

    @Test
    void ridListedForAnotherIssuerOrKeyDoesNotRevoke() throws Exception {
        String card = ISSUER.card(ISSUER.payload(String.valueOf(NBF), null, "Rid_3", ShcTestIssuer.BUNDLE));
        RevocationEntry otherKey = new RevocationEntry(RevocationEntry.Kind.SHC_RID, ISSUER.issuer() + "#other-kid",
                "Rid_3".getBytes(StandardCharsets.UTF_8), null);
        RevocationEntry otherIssuer = new RevocationEntry(RevocationEntry.Kind.SHC_RID,
                "https://other.passgate.invalid#" + ISSUER.kid(), "Rid_3".getBytes(StandardCharsets.UTF_8), null);

        Outcome outcome = verifyWith(card, otherKey, otherIssuer);

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).containsEntry("revocation", true);
    }

    @Test
    void cardWithoutRidHasNoRevocationStep() throws Exception {
        String card = ISSUER.card(ISSUER.payload(String.valueOf(NBF), null, null, ShcTestIssuer.BUNDLE));

        Outcome outcome = verifyWith(card, entry("Rid_1-x", null));

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).doesNotContainKey("revocation");
    }

    @Test
    void failingLookupIsLoggedAndTheCardDecidedWithoutIt() throws Exception {
        String card = ISSUER.card(ISSUER.payload(String.valueOf(NBF), null, "Rid_1-x", ShcTestIssuer.BUNDLE));
        Revocations failing = new Revocations() {
            @Override
            public boolean configured() {
                return true;
            }

            @Override
            public Optional<RevocationEntry> findDcc(RevocationEntry.Kind kind, String country, byte[] prefix16) {
                throw new RevocationStoreException(dir, "disk I/O error", new SQLException("disk I/O error"));
            }

            @Override
            public Optional<RevocationEntry> findShc(String scope, String rid) {
                throw new RevocationStoreException(dir, "disk I/O error", new SQLException("disk I/O error"));
            }
        };

        Outcome outcome = new PassVerifier(Limits.DEFAULT, failing).verify(card, trust(), NOW,
                Policies.named("none").orElseThrow());

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).doesNotContainKey("revocation");
    }

    private Outcome verifyWith(String card, RevocationEntry... entries) throws TrustException {
        Path file = dir.resolve("revocation-" + System.nanoTime() + ".db");
        try (RevocationStore store = RevocationStore.open(file)) {
            store.replaceAll(List.of(entries).iterator(), 1);
            return new PassVerifier(Limits.DEFAULT, store).verify(card, trust(), NOW,
                    Policies.named("none").orElseThrow());
        }
    }

    private static RevocationEntry entry(String rid, Instant since) {
        return new RevocationEntry(RevocationEntry.Kind.SHC_RID, ISSUER.issuer() + "#" + ISSUER.kid(),
                rid.getBytes(StandardCharsets.UTF_8), since);
    }

    private static TrustStore trust() throws TrustException {
        return TrustStore.builder().addJwkSet(ISSUER.issuer(), ISSUER.jwks(), List.of()).build();
    }
}
