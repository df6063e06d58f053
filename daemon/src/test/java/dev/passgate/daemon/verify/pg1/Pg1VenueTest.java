package dev.passgate.daemon.verify.pg1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.codec.binary.Base45;
import org.junit.jupiter.api.Test;

/** PG1 presentation version 2: signed for a venue, checked by a kiosk of that venue; version 1 read as before. */
class Pg1VenueTest {
    private static final Instant NOW = Pg1TestVector.SHOWN;
    private static final String HERE = "SEOUL-HALL-1";
    private static final String ELSEWHERE = "BUSAN-HALL-2";

    private static Pg1Verifier kiosk(Optional<String> venue, boolean refuseUnbound, ReplayCache cache) {
        return new Pg1Verifier(Limits.DEFAULT, cache, Pg1Verifier.DEFAULT_WINDOW, Pg1Verifier.DEFAULT_SKEW,
                Duration.ofSeconds(360), new VenueRule(venue, refuseUnbound));
    }

    private static Pg1Verifier kioskHere() {
        return kiosk(Optional.of(HERE), false, new MemoryReplayCache());
    }

    private static String presentation(Instant at, int nonceByte, Optional<String> venue) {
        byte[] nonce = new byte[Pg1Signer.NONCE_LENGTH];
        nonce[0] = (byte) nonceByte;
        return Pg1Signer.present(Pg1TestVector.credential(), Pg1TestVector.HOLDER.getPrivate(), at, nonce, venue);
    }

    @Test
    void admitsAPresentationSignedForThisVenue() {
        Outcome outcome = kioskHere().verify(presentation(NOW, 1, Optional.of(HERE)), Pg1TestVector.trust(), NOW);

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks().keySet()).containsExactly("prefix", "base45", "cbor", "credential", "signature",
                "holder", "validity", "venue", "freshness", "replay");
        assertThat(outcome.checks()).doesNotContainValue(false);
    }

    @Test
    void refusesAPresentationSignedForAnotherVenueWithoutRememberingIt() {
        MemoryReplayCache cache = new MemoryReplayCache();
        String there = presentation(NOW, 1, Optional.of(ELSEWHERE));

        Outcome outcome = kiosk(Optional.of(HERE), false, cache).verify(there, Pg1TestVector.trust(), NOW);

        assertThat(outcome.verdict()).isEqualTo(Verdict.WRONG_VENUE);
        assertThat(outcome.checks()).containsEntry("holder", true).containsEntry("venue", false)
                .doesNotContainKeys("freshness", "replay");
        assertThat(outcome.reason()).isEqualTo("the presentation was signed for venue " + ELSEWHERE
                + ", this kiosk is venue " + HERE);
        assertThat(kiosk(Optional.of(ELSEWHERE), false, cache).verify(there, Pg1TestVector.trust(), NOW).verdict())
                .as("the refused scan did not fill the replay cache").isEqualTo(Verdict.VALID);
    }

    @Test
    void readsAVersion1PresentationAsBeforeAndAdmitsOrRefusesItAsConfigured() {
        String unbound = presentation(NOW, 1, Optional.empty());

        Outcome admitted = kiosk(Optional.of(HERE), false, new MemoryReplayCache())
                .verify(unbound, Pg1TestVector.trust(), NOW);
        Outcome refused = kiosk(Optional.of(HERE), true, new MemoryReplayCache())
                .verify(unbound, Pg1TestVector.trust(), NOW);

        assertThat(admitted.verdict()).isEqualTo(Verdict.VALID);
        assertThat(admitted.checks()).containsEntry("venue", true);
        assertThat(refused.verdict()).isEqualTo(Verdict.WRONG_VENUE);
        assertThat(refused.checks()).containsEntry("venue", false);
        assertThat(refused.reason()).isEqualTo("the presentation names no venue, and this kiosk (venue " + HERE
                + ") refuses those (venue.unbound = \"refuse\")");
    }

    @Test
    void aKioskWithoutAVenueAdmitsAnyVenueAndRunsNoVenueStep() {
        Outcome outcome = kiosk(Optional.empty(), false, new MemoryReplayCache())
                .verify(presentation(NOW, 1, Optional.of(ELSEWHERE)), Pg1TestVector.trust(), NOW);

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).doesNotContainKey("venue");
    }

    @Test
    void refusesAVenueChangedAfterSigningAsABadSignature() {
        String forged = withVenue(presentation(NOW, 1, Optional.of(ELSEWHERE)), CBORObject.FromObject(HERE));

        Outcome outcome = kioskHere().verify(forged, Pg1TestVector.trust(), NOW);

        assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID_SIGNATURE);
        assertThat(outcome.checks()).containsEntry("signature", true).containsEntry("holder", false)
                .doesNotContainKey("venue");
    }

    @Test
    void refusesAVenueThatIsNotAShortIdAsMalformed() {
        String code = presentation(NOW, 1, Optional.of(HERE));
        for (CBORObject venue : new CBORObject[] {CBORObject.FromObject(7), CBORObject.FromObject(""),
            CBORObject.FromObject("x".repeat(65)), CBORObject.FromObject("HALL 1"),
            CBORObject.FromObject(new byte[] {1})}) {
            Outcome outcome = kioskHere().verify(withVenue(code, venue), Pg1TestVector.trust(), NOW);

            assertThat(outcome.verdict()).as(venue.toString()).isEqualTo(Verdict.MALFORMED);
            assertThat(outcome.checks()).containsEntry("cbor", false);
        }
    }

    @Test
    void keepsAReplayEntryForTheRetentionNotOnlyForTheWindowInUse() {
        MemoryReplayCache cache = new MemoryReplayCache();
        String code = presentation(NOW, 1, Optional.of(HERE));
        Pg1Verifier narrow = kiosk(Optional.of(HERE), false, cache);
        Pg1Verifier wide = new Pg1Verifier(Limits.DEFAULT, cache, Duration.ofSeconds(300), Duration.ofSeconds(60),
                Duration.ofSeconds(360), new VenueRule(Optional.of(HERE), false));

        assertThat(narrow.verify(code, Pg1TestVector.trust(), NOW).verdict()).isEqualTo(Verdict.VALID);
        assertThat(wide.verify(code, Pg1TestVector.trust(), NOW.plusSeconds(299)).verdict())
                .isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void goldenVenueVectorIsReproducedFromItsSeedsAndVerifiesAtItsVenueOnly() throws IOException {
        String golden = resource("pg1/vector-2-venue.txt").strip();
        String rebuilt = Pg1Signer.present(Pg1TestVector.credential(), Pg1TestVector.HOLDER.getPrivate(), NOW,
                Pg1TestVector.NONCE, Optional.of(HERE));

        assertThat(rebuilt).isEqualTo(golden);
        assertThat(kioskHere().verify(golden, Pg1TestVector.trust(), NOW).verdict()).isEqualTo(Verdict.VALID);
        assertThat(kiosk(Optional.of(ELSEWHERE), false, new MemoryReplayCache())
                .verify(golden, Pg1TestVector.trust(), NOW).verdict()).isEqualTo(Verdict.WRONG_VENUE);
    }

    @Test
    void neverThrowsOnAMutatedVenueBoundPassAndAdmitsOnlyTheUnchangedOne() throws IOException {
        String golden = resource("pg1/vector-2-venue.txt").strip();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abc\u00e9";
        Random random = new Random(20261206);
        Pg1Verifier verifier = kioskHere();
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        int unchanged = 0;
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder(golden);
            for (int flips = 1 + random.nextInt(2); flips > 0; flips--) {
                int at = Pg1Signer.PREFIX.length() + random.nextInt(golden.length() - Pg1Signer.PREFIX.length());
                text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            verdicts.merge(verifier.verify(text.toString(), Pg1TestVector.trust(), NOW).verdict(), 1, Integer::sum);
            unchanged += text.toString().equals(golden) ? 1 : 0;
        }
        System.out.println("PG1 version 2 mutations: " + verdicts + ", unchanged texts " + unchanged);
        assertThat(verdicts.getOrDefault(Verdict.VALID, 0) + verdicts.getOrDefault(Verdict.REPLAYED, 0))
                .as("only unchanged texts are accepted (once) or replayed").isEqualTo(unchanged);
        assertThat(verdicts).doesNotContainKey(Verdict.WRONG_VENUE);
    }

    @Test
    void printsTheQrVersionOfAVenueBoundPass() throws WriterException {
        String v1 = presentation(NOW, 1, Optional.empty());
        String v2 = presentation(NOW, 1, Optional.of(HERE));
        int version1 = Encoder.encode(v1, ErrorCorrectionLevel.M).getVersion().getVersionNumber();
        int version2 = Encoder.encode(v2, ErrorCorrectionLevel.M).getVersion().getVersionNumber();

        System.out.println("PG1 typical vaccination pass: version 1 " + v1.length() + " characters, QR " + version1
                + "-M; version 2 for venue " + HERE + " (" + HERE.length() + " characters) " + v2.length()
                + " characters, QR " + version2 + "-M");
        assertThat(v2.length()).isGreaterThan(v1.length());
        assertThat(version2).isLessThanOrEqualTo(17);
    }

    @Test
    void readsTheVenueFromTheEntranceCodeOrABareId() {
        assertThat(VenueCode.text(HERE)).isEqualTo("PGV1:" + HERE);
        assertThat(VenueCode.id("PGV1:" + HERE)).contains(HERE);
        assertThat(VenueCode.id(HERE)).contains(HERE);
        assertThat(VenueCode.id("PGV1:")).isEmpty();
        assertThat(VenueCode.id("PGV1:a b")).isEmpty();
        assertThat(VenueCode.id("PGV1:" + "x".repeat(100_000))).isEmpty();
    }

    /** The code with its presentation payload's venue replaced, the holder signature left as it was. */
    private static String withVenue(String code, CBORObject venue) {
        byte[] bytes = new Base45().decode(code.substring(Pg1Signer.PREFIX.length())
                .getBytes(StandardCharsets.US_ASCII));
        CBORObject pass = CBORObject.DecodeFromBytes(bytes);
        CBORObject presentation = CBORObject.DecodeFromBytes(pass.get(1).GetByteString());
        CBORObject shown = CBORObject.DecodeFromBytes(presentation.get(2).GetByteString());
        shown.set(2, venue);
        presentation.set(2, CBORObject.FromObject(shown.EncodeToBytes()));
        pass.set(1, CBORObject.FromObject(presentation.EncodeToBytes()));
        return Pg1Signer.PREFIX + new String(new Base45().encode(pass.EncodeToBytes()), StandardCharsets.US_ASCII);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Pg1VenueTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
