package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.verify.HolderIdentity;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.shc.ShcTestIssuer;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SMART Health Card through the whole gate: verified, logged to a real SQLite entry log, door opened. */
class ShcGateTest {
    private static final Instant NOW = Instant.parse("2022-05-31T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void logsAnShcCardWithItsKidAndTheSamePseudonymAsTheHoldersDcc() throws Exception {
        ShcTestIssuer issuer = ShcTestIssuer.create("https://issuer.passgate.invalid");
        TrustStore trust = TrustStore.builder().addJwkSet(issuer.issuer(), issuer.jwks(), List.of()).build();
        String card = issuer.card(issuer.payload(String.valueOf(NOW.getEpochSecond() - 60), null, null,
                ShcTestIssuer.BUNDLE));
        ManualDelays delays = new ManualDelays();
        Timeline timeline = new Timeline(delays::nanoTime);
        HolderPseudonyms pseudonyms = HolderPseudonyms.ofSecret(new byte[HolderPseudonyms.SECRET_LENGTH]);
        CBORObject sameHoldersDcc = CBORObject.FromJSONString("{\"nam\":{\"fn\":\"Anyperson\",\"fnt\":\"ANYPERSON\","
                + "\"gn\":\"John B.\",\"gnt\":\"JOHN<B\"},\"dob\":\"1951-01-20\"}");

        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), "kiosk-shc");
             Feedback feedback = new Feedback(FeedbackTable.of(ConfigLoader.defaults(dir.resolve("x.toml"))
                     .feedback().verdicts()), List.of(new FakeStatusLight(timeline)),
                     List.of(new FakeBuzzer(timeline, delays)),
                     List.of(new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays)), delays,
                     Duration.ofSeconds(3))) {
            Gate gate = new Gate(new PassVerifier(Limits.DEFAULT), trust, Policies.named("none").orElseThrow(), log,
                    Minimisation.defaults(pseudonyms), feedback, Clock.fixed(NOW, ZoneOffset.UTC), delays::nanoTime,
                    decision -> { });

            gate.handle(new ScannedCode("test", card + "\r\n", false, delays.nanoTime()));

            StoredEntry entry = log.readFrom(0, 10).get(0);
            assertThat(entry.record().verdict()).isEqualTo("VALID");
            assertThat(entry.record().format()).isEqualTo("SHC");
            assertThat(entry.record().issuerKeyId()).isEqualTo(issuer.kid());
            assertThat(entry.record().holderId()).isEqualTo(pseudonyms.of(HolderIdentity.ofHcert(sameHoldersDcc)));
            assertThat(timeline.events()).extracting(e -> e.device() + " " + e.action()).contains("relay on");
        }
    }
}
