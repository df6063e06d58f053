package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.EntryFieldsConfig;
import dev.passgate.config.FeedbackConfig;
import dev.passgate.config.FieldLevel;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PG1 medical-exemption credential through the whole gate under kr-2022: answered POLICY_REJECTED with the
 * EXEMPT_CHECK_ID reason, shown with the check-ID response of the default feedback table (amber, door shut), and
 * logged to a real SQLite entry log with certificate type x (stored when {@code certificate_type = "full"}).
 */
class ExemptionGateTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aValidExemptionAsksStaffForAnIdAndIsLoggedAsTypeX() throws Exception {
        KeyPair issuer = Pg1Keys.fromSeed(Pg1Keys.sha256("exemption issuer".getBytes(StandardCharsets.UTF_8)));
        KeyPair holder = Pg1Keys.fromSeed(Pg1Keys.sha256("exemption holder".getBytes(StandardCharsets.UTF_8)));
        CBORObject exemption = CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "CHOI").Add("gnt", "YUNA")).Add("dob", "1980-02-01")
                .Add("x", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("tg", "840539006")
                        .Add("es", "medical").Add("df", "2022-01-03").Add("du", "2022-06-30").Add("co", "KR")));
        byte[] credential = Pg1Signer.credential(issuer, "KR-PG", holder.getPublic(), exemption,
                NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100)));
        String shown = Pg1Signer.present(credential, holder.getPrivate(), NOW, new byte[Pg1Signer.NONCE_LENGTH]);
        TrustStore trust = TrustStore.builder().add(Pg1Keys.keyIdText(issuer.getPublic()), issuer.getPublic())
                .build();
        ManualDelays delays = new ManualDelays();
        Timeline timeline = new Timeline(delays::nanoTime);
        FeedbackConfig defaults = ConfigLoader.defaults(dir.resolve("x.toml")).feedback();

        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), "kiosk-exemption");
             Feedback feedback = new Feedback(FeedbackTable.of(defaults.verdicts(), defaults.reasons()),
                     List.of(new FakeStatusLight(timeline)), List.of(new FakeBuzzer(timeline, delays)),
                     List.of(new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays)), delays,
                     Duration.ofSeconds(3))) {
            Gate gate = new Gate(new PassVerifier(Limits.DEFAULT), trust, Policies.named("kr-2022").orElseThrow(),
                    log, new Minimisation(HolderPseudonyms.ofSecret(new byte[HolderPseudonyms.SECRET_LENGTH]),
                            new EntryFieldsConfig(FieldLevel.PSEUDONYMOUS, FieldLevel.FULL, FieldLevel.FULL)),
                    feedback, Clock.fixed(NOW, ZoneOffset.UTC), delays::nanoTime, decision -> { });

            Outcome outcome = gate.handle(new ScannedCode("test", shown, false, delays.nanoTime())).outcome();
            delays.advance(Duration.ofMillis(600));

            assertThat(outcome.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
            assertThat(outcome.reason()).startsWith("EXEMPT_CHECK_ID:").contains("KR-X-0003")
                    .doesNotContain("CHOI", "1980");
            StoredEntry entry = log.readFrom(0, 10).get(0);
            assertThat(entry.record().verdict()).isEqualTo("POLICY_REJECTED");
            assertThat(entry.record().format()).isEqualTo("PG1");
            assertThat(entry.record().certificateType()).isEqualTo("x");
            assertThat(timeline.events()).extracting(e -> e.device() + " " + e.action())
                    .contains("light AMBER").doesNotContain("relay on");
        }
    }
}
