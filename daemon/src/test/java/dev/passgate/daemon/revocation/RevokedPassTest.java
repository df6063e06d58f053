package dev.passgate.daemon.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.Inflation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.binary.Base45;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pass minted by a test issuer, verified against a real revocation store file. */
class RevokedPassTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");
    private static final String UCI = "URN:UVCI:01:KR:REVOKE-TEST-0001#Q";
    private static final Policy NO_POLICY = Policies.named("none").orElseThrow();
    private static Hc1Issuer issuer;
    private static TrustStore trust;
    private static String pass;
    private static String expiredPass;

    @TempDir
    Path dir;

    @BeforeAll
    static void mint() {
        issuer = Hc1Issuer.create("revocation test issuer", NOW.minus(Duration.ofDays(400)),
                NOW.plus(Duration.ofDays(400)));
        trust = TrustStore.builder().add(issuer.certificate()).build();
        pass = issuer.sign(vaccination(UCI), "KR", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100)));
        expiredPass = issuer.sign(vaccination(UCI), "KR", NOW.minus(Duration.ofDays(100)),
                NOW.minus(Duration.ofDays(10)));
    }

    @Test
    void passIsRevokedByEachOfTheThreeDccKinds() {
        byte[] signature = DccRevocationKeys.signatureHash(coseOf(pass).signature(), -7);
        List<RevocationEntry> lists = List.of(
                new RevocationEntry(Kind.DCC_UCI, "KR", DccRevocationKeys.uciHash(UCI), null),
                new RevocationEntry(Kind.DCC_COUNTRYCODEUCI, "KR", DccRevocationKeys.countryCodeUciHash("KR", UCI),
                        null),
                new RevocationEntry(Kind.DCC_SIGNATURE, "", signature, null));
        for (RevocationEntry entry : lists) {
            try (RevocationStore store = RevocationStore.open(dir.resolve(entry.kind() + ".db"))) {
                store.replaceAll(List.of(entry).iterator(), 1);

                Outcome outcome = new PassVerifier(Limits.DEFAULT, store).verify(pass, trust, NOW, NO_POLICY);

                assertThat(outcome.verdict()).as(entry.kind().name()).isEqualTo(Verdict.REVOKED);
                assertThat(outcome.checks()).containsEntry("signature", true).containsEntry("revocation", false)
                        .containsEntry("keyusage", true).containsEntry("validity", true);
                assertThat(outcome.reason()).contains(entry.kind().name().substring(4));
                assertThat(outcome.issuerKeyId()).isNotNull();
            }
        }
    }

    @Test
    void passNotOnTheListIsValidWithThePassedStepInOrder() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(List.of(new RevocationEntry(Kind.DCC_UCI, "KR",
                    DccRevocationKeys.uciHash(UCI + "-other"), null)).iterator(), 1);

            Outcome outcome = new PassVerifier(Limits.DEFAULT, store).verify(pass, trust, NOW, NO_POLICY);

            assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
            assertThat(outcome.checks().keySet()).containsExactly("prefix", "base45", "inflate", "cose", "cbor",
                    "schema", "signature", "revocation", "keyusage", "validity");
            assertThat(outcome.checks()).containsEntry("revocation", true);
        }
    }

    @Test
    void listOfAnotherCountryDoesNotRevokeThePass() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(List.of(new RevocationEntry(Kind.DCC_UCI, "DE", DccRevocationKeys.uciHash(UCI),
                    null)).iterator(), 1);

            assertThat(new PassVerifier(Limits.DEFAULT, store).verify(pass, trust, NOW, NO_POLICY).verdict())
                    .isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void revokedOutranksExpired() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(List.of(new RevocationEntry(Kind.DCC_UCI, "", DccRevocationKeys.uciHash(UCI), null))
                    .iterator(), 1);

            Outcome outcome = new PassVerifier(Limits.DEFAULT, store).verify(expiredPass, trust, NOW, NO_POLICY);

            assertThat(outcome.verdict()).isEqualTo(Verdict.REVOKED);
            assertThat(outcome.checks()).containsEntry("validity", false);
        }
    }

    @Test
    void withoutRevocationDataTheStepIsAbsent() {
        Outcome outcome = new PassVerifier(Limits.DEFAULT).verify(pass, trust, NOW, NO_POLICY);

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).doesNotContainKey("revocation");
    }

    @Test
    void forgedPassIsNotLookedUp() {
        Revocations everythingRevoked = new Revocations() {
            @Override
            public Optional<RevocationEntry> findDcc(Kind kind, String country, byte[] prefix16) {
                return Optional.of(new RevocationEntry(kind, "", prefix16, null));
            }

            @Override
            public Optional<RevocationEntry> findShc(String scope, String rid) {
                return Optional.empty();
            }
        };
        String stranger = Hc1Issuer.create("stranger", NOW.minus(Duration.ofDays(9)), NOW.plus(Duration.ofDays(9)))
                .sign(vaccination(UCI), "KR", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));

        Outcome outcome = new PassVerifier(Limits.DEFAULT, everythingRevoked).verify(stranger, trust, NOW,
                NO_POLICY);

        assertThat(outcome.verdict()).isEqualTo(Verdict.UNKNOWN_ISSUER);
        assertThat(outcome.checks()).doesNotContainKey("revocation");
    }

    @Test
    void failingLookupLeavesTheStepOutAndTheVerdictAsItIs() {
        Revocations broken = new Revocations() {
            @Override
            public Optional<RevocationEntry> findDcc(Kind kind, String country, byte[] prefix16) {
                throw new RevocationStoreException(Path.of("revocation.db"), "disk I/O error");
            }

            @Override
            public Optional<RevocationEntry> findShc(String scope, String rid) {
                throw new RevocationStoreException(Path.of("revocation.db"), "disk I/O error");
            }
        };

        Outcome outcome = new PassVerifier(Limits.DEFAULT, broken).verify(pass, trust, NOW, NO_POLICY);

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).doesNotContainKey("revocation");
    }

    static CBORObject vaccination(String uci) {
        CBORObject entry = CBORObject.NewOrderedMap().Add("tg", "840539006").Add("vp", "1119349007")
                .Add("mp", "EU/1/20/1528").Add("ma", "ORG-100030215").Add("dn", 2).Add("sd", 2)
                .Add("dt", "2021-12-01").Add("co", "KR").Add("is", "revocation test issuer").Add("ci", uci);
        return CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fn", "TEST").Add("fnt", "TEST").Add("gn", "PASS")
                        .Add("gnt", "PASS"))
                .Add("dob", "1990-01-01").Add("v", CBORObject.NewArray().Add(entry));
    }

    /** The COSE message inside an HC1 text. */
    static CoseSign1 coseOf(String hc1) {
        byte[] compressed = new Base45().decode(hc1.substring(4).getBytes(StandardCharsets.US_ASCII));
        return CoseSign1.parse(Inflation.zlib(compressed, 1 << 16).bytes(), Limits.DEFAULT).message();
    }
}
