package dev.passgate.daemon.verify.pg1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pg1VerifierTest {
    private static final Instant NOW = Pg1TestVector.SHOWN;

    private static Pg1Verifier verifier(ReplayCache cache) {
        return new Pg1Verifier(Limits.DEFAULT, cache, Pg1Verifier.DEFAULT_WINDOW, Pg1Verifier.DEFAULT_SKEW);
    }

    private static String fresh(Instant at, int nonceByte) {
        byte[] nonce = new byte[Pg1Signer.NONCE_LENGTH];
        nonce[0] = (byte) nonceByte;
        return Pg1TestVector.presentation(at, nonce);
    }

    @Test
    void acceptsFreshPresentationAndFillsHolderFacts() {
        Outcome outcome = verifier(new MemoryReplayCache()).verify(fresh(NOW, 1), Pg1TestVector.trust(), NOW);

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).containsExactly(
                entry("prefix"), entry("base45"), entry("cbor"), entry("credential"), entry("signature"),
                entry("holder"), entry("validity"), entry("freshness"), entry("replay"));
        assertThat(outcome.certificateType()).isEqualTo("v");
        assertThat(outcome.issuerKeyId()).isEqualTo(Pg1Keys.keyIdText(Pg1TestVector.ISSUER.getPublic()));
        assertThat(outcome.holderIdentity()).contains("HONG<<GILDONG|1990-05-17");
        assertThat(outcome.healthData()).isPresent();
    }

    @Test
    void rejectsScreenshotOlderThanFreshnessWindow() {
        String screenshot = fresh(NOW, 1);

        Outcome outcome = verifier(new MemoryReplayCache()).verify(screenshot, Pg1TestVector.trust(),
                NOW.plusSeconds(31));

        assertThat(outcome.verdict()).isEqualTo(Verdict.STALE);
        assertThat(outcome.checks()).containsEntry("freshness", false).doesNotContainKey("replay");
    }

    @Test
    void acceptsSmallForwardSkewButNotMore() {
        Pg1Verifier verifier = verifier(new MemoryReplayCache());

        assertThat(verifier.verify(fresh(NOW.plusSeconds(5), 1), Pg1TestVector.trust(), NOW).verdict())
                .isEqualTo(Verdict.VALID);
        assertThat(verifier.verify(fresh(NOW.plusSeconds(6), 2), Pg1TestVector.trust(), NOW).verdict())
                .isEqualTo(Verdict.STALE);
    }

    @Test
    void refusesPresentationShownTwice() {
        Pg1Verifier verifier = verifier(new MemoryReplayCache());
        String code = fresh(NOW, 1);

        assertThat(verifier.verify(code, Pg1TestVector.trust(), NOW).verdict()).isEqualTo(Verdict.VALID);
        Outcome second = verifier.verify(code, Pg1TestVector.trust(), NOW.plusSeconds(2));

        assertThat(second.verdict()).isEqualTo(Verdict.REPLAYED);
        assertThat(second.checks()).containsEntry("replay", false);
        assertThat(verifier.verify(fresh(NOW.plusSeconds(2), 2), Pg1TestVector.trust(), NOW.plusSeconds(2))
                .verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesReplayAfterReopeningTheCache(@TempDir Path dir) throws Exception {
        String code = fresh(NOW, 1);
        try (SqliteReplayCache cache = SqliteReplayCache.open(dir.resolve("replay.db"))) {
            assertThat(verifier(cache).verify(code, Pg1TestVector.trust(), NOW).verdict()).isEqualTo(Verdict.VALID);
        }

        try (SqliteReplayCache reopened = SqliteReplayCache.open(dir.resolve("replay.db"))) {
            Outcome outcome = verifier(reopened).verify(code, Pg1TestVector.trust(), NOW.plusSeconds(10));

            assertThat(outcome.verdict()).isEqualTo(Verdict.REPLAYED);
            assertThat(reopened.failures()).isZero();
        }
    }

    @Test
    void prunesReplayEntriesOnceTheyCouldNoLongerBeFresh(@TempDir Path dir) throws Exception {
        try (SqliteReplayCache cache = SqliteReplayCache.open(dir.resolve("replay.db"))) {
            assertThat(cache.firstSeen("k", NOW.plusSeconds(35), NOW)).isTrue();
            assertThat(cache.firstSeen("k", NOW.plusSeconds(35), NOW.plusSeconds(35))).isFalse();
            assertThat(cache.firstSeen("k", NOW.plusSeconds(99), NOW.plusSeconds(36))).isTrue();
        }
    }

    @Test
    void refusesUnknownIssuerAndForeignHolderKey() {
        Outcome unknown = verifier(new MemoryReplayCache()).verify(fresh(NOW, 1), TrustStore.empty(), NOW);
        KeyPair thief = Pg1Keys.fromSeed(Pg1TestVector.seed("someone else"));
        String stolen = Pg1Signer.present(Pg1TestVector.credential(), thief.getPrivate(), NOW, new byte[16]);
        Outcome forged = verifier(new MemoryReplayCache()).verify(stolen, Pg1TestVector.trust(), NOW);

        assertThat(unknown.verdict()).isEqualTo(Verdict.UNKNOWN_ISSUER);
        assertThat(forged.verdict()).isEqualTo(Verdict.INVALID_SIGNATURE);
        assertThat(forged.checks()).containsEntry("signature", true).containsEntry("holder", false);
    }

    @Test
    void decidesCredentialValidityAgainstTheClock() {
        Instant before = Pg1TestVector.ISSUED.minusSeconds(60);
        Instant after = Pg1TestVector.EXPIRES.plusSeconds(60);

        assertThat(verifier(new MemoryReplayCache()).verify(fresh(before, 1), Pg1TestVector.trust(), before)
                .verdict()).isEqualTo(Verdict.NOT_YET_VALID);
        assertThat(verifier(new MemoryReplayCache()).verify(fresh(after, 1), Pg1TestVector.trust(), after)
                .verdict()).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void answersMalformedInputWithoutThrowing() {
        Pg1Verifier verifier = verifier(new MemoryReplayCache());

        assertThat(verifier.verify("PG1:%%%", Pg1TestVector.trust(), NOW).checks()).containsEntry("base45", false);
        assertThat(verifier.verify("PG1:", Pg1TestVector.trust(), NOW).verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(verifier.verify("PG1:6BFOXN", Pg1TestVector.trust(), NOW).checks()).containsEntry("cbor", false);
    }

    @Test
    void neverThrowsOnMutatedOrRandomText() throws IOException {
        String golden = resource("pg1/vector-1.txt").strip();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abc\u00e9";
        java.util.Random random = new java.util.Random(20220201);
        Pg1Verifier verifier = verifier(new MemoryReplayCache());
        java.util.EnumMap<Verdict, Integer> verdicts = new java.util.EnumMap<>(Verdict.class);
        int unchanged = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder(golden);
            if (i % 3 == 0) {
                text.setLength(Pg1Signer.PREFIX.length() + random.nextInt(golden.length() - 3));
            } else {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int at = Pg1Signer.PREFIX.length() + random.nextInt(golden.length() - Pg1Signer.PREFIX.length());
                    text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            Outcome outcome = verifier.verify(text.toString(), Pg1TestVector.trust(), NOW);
            verdicts.merge(outcome.verdict(), 1, Integer::sum);
            unchanged += text.toString().equals(golden) ? 1 : 0;
        }
        System.out.println("PG1 mutations: " + verdicts + ", unchanged texts " + unchanged);
        assertThat(verdicts.getOrDefault(Verdict.VALID, 0) + verdicts.getOrDefault(Verdict.REPLAYED, 0))
                .as("only unchanged texts are accepted (once) or replayed").isEqualTo(unchanged);
    }

    @Test
    void goldenVectorIsReproducedFromItsSeedsAndVerifies() throws IOException {
        String golden = resource("pg1/vector-1.txt").strip();
        String issuerKey = resource("pg1/vector-1-issuer-public.hex").strip();

        assertThat(Pg1TestVector.presentation(NOW, Pg1TestVector.NONCE)).isEqualTo(golden);
        assertThat(HexFormat.of().formatHex(Pg1Keys.raw(Pg1TestVector.ISSUER.getPublic()))).isEqualTo(issuerKey);
        Outcome outcome = verifier(new MemoryReplayCache()).verify(golden, Pg1TestVector.trust(), NOW);
        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void readsAVersion1ReplayCacheGoldenFile(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("replay.db");
        try (InputStream in = Pg1VerifierTest.class.getClassLoader().getResourceAsStream("pg1/replay-v1.db")) {
            java.nio.file.Files.copy(in, copy);
        }
        String golden = resource("pg1/vector-1.txt").strip();

        try (SqliteReplayCache cache = SqliteReplayCache.open(copy)) {
            Outcome outcome = verifier(cache).verify(golden, Pg1TestVector.trust(), NOW.plusSeconds(10));

            assertThat(outcome.verdict()).isEqualTo(Verdict.REPLAYED);
        }
    }

    @Test
    void typicalVaccinationPassFitsTheQrBudget() throws WriterException {
        String code = fresh(NOW, 1);
        int version = Encoder.encode(code, ErrorCorrectionLevel.M).getVersion().getVersionNumber();

        System.out.println("PG1 typical vaccination pass: " + code.length() + " characters, QR version " + version
                + "-M");
        assertThat(version).isLessThanOrEqualTo(Pg1Budget.MAX_QR_VERSION);
    }

    private static java.util.Map.Entry<String, Boolean> entry(String step) {
        return java.util.Map.entry(step, true);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Pg1VerifierTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** The QR budget measured for PG1 version 1 (see docs/pass-format.md). */
    private static final class Pg1Budget {
        static final int MAX_QR_VERSION = 15;
    }
}
