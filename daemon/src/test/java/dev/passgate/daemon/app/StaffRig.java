package dev.passgate.daemon.app;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.EntryFieldsConfig;
import dev.passgate.config.FeedbackConfig;
import dev.passgate.config.FieldLevel;
import dev.passgate.config.GateConfig;
import dev.passgate.config.StaffConfig;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.clock.TrustedClock;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.PhoneSimulator;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeSpeaker;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A gate with staff confirmation on fake outputs, a real SQLite entry log signed with a device key, the kr-2022
 * policy and manual time: a visitor whose PG1 medical exemption is answered "check ID" (EXEMPT_CHECK_ID, which
 * {@code [staff] confirm} names), a staff member whose PG1 card is signed by a staff key, and another visitor with a
 * valid PG1 pass from a key that is trusted but not a staff key. The staff button is whatever the test hands in.
 */
final class StaffRig implements AutoCloseable {
    static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");
    static final Duration WINDOW = Duration.ofSeconds(30);

    final ManualDelays delays = new ManualDelays();
    final Timeline timeline = new Timeline(delays::nanoTime);
    final DeviceKey key = DeviceKey.generate();
    final Path logFile;
    final EntryLog log;
    final Feedback feedback;
    final Gate gate;
    final StaffDesk desk;
    final PhoneSimulator staffCard = PhoneSimulator.mint(NOW.minus(Duration.ofDays(30)));
    final PhoneSimulator otherVisitor = PhoneSimulator.mint(NOW.minus(Duration.ofDays(30)));
    private final KeyPair exemptionHolder = Pg1Keys.generate(new SecureRandom());
    private final byte[] exemption;
    private final String staffKid;

    /** A rig whose staff button {@code button} makes on the rig's timeline (same time base as the delays). */
    StaffRig(Path dir, Function<Timeline, Optional<DigitalInput>> button) throws Exception {
        this(dir, button, Long.MAX_VALUE, GateConfig.FullDisk.OPEN);
    }

    /** As above, with an entry log bounded to {@code maxRecords} and the gate's {@code on_full_disk} mode. */
    StaffRig(Path dir, Function<Timeline, Optional<DigitalInput>> button, long maxRecords,
             GateConfig.FullDisk onFullDisk) throws Exception {
        KeyPair issuer = Pg1Keys.generate(new SecureRandom());
        exemption = Pg1Signer.credential(issuer, "KR-PG", exemptionHolder.getPublic(), exemptionData(),
                NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100)));
        staffKid = kidOf(staffCard);
        TrustStore trust = TrustStore.builder().add(Pg1Keys.keyIdText(issuer.getPublic()), issuer.getPublic())
                .addAll(staffCard.trust()).addAll(otherVisitor.trust()).build();
        logFile = dir.resolve("entries.db");
        log = EntryLog.open(logFile, "kiosk-staff", EntryLogOptions.defaults().withSigningKey(key)
                .withCapacity(maxRecords, Long.MAX_VALUE));
        FeedbackConfig defaults = ConfigLoader.defaults(dir.resolve("x.toml")).feedback();
        feedback = new Feedback(FeedbackTable.of(defaults.verdicts(), defaults.reasons()),
                List.of(new FakeStatusLight(timeline)), List.of(new FakeBuzzer(timeline, delays)),
                List.of(new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays)), List.of(new FakeSpeaker(timeline)),
                List.of(), delays, Duration.ofSeconds(3));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        GateConfig d = GateConfig.DEFAULTS;
        gate = new Gate(new PassVerifier(Limits.DEFAULT), () -> TrustSnapshot.unmanaged(trust),
                Policies.named("kr-2022").orElseThrow(), log,
                new Minimisation(HolderPseudonyms.ofSecret(new byte[HolderPseudonyms.SECRET_LENGTH]),
                        new EntryFieldsConfig(FieldLevel.PSEUDONYMOUS, FieldLevel.FULL, FieldLevel.NONE)),
                feedback, clock, delays::nanoTime, decision -> { }, null, new GateConfig(d.freshness(),
                        d.futureSkew(), d.passback(), d.passbackWindow(), d.clockUntrusted(), d.maxClockJump(),
                        d.syncFlag(), onFullDisk));
        desk = new StaffDesk(new StaffConfig(List.of("EXEMPT_CHECK_ID"), WINDOW, List.of(staffKid)),
                new StaffDesk.Parts(log, feedback, delays, delays::nanoTime,
                        () -> new TrustedClock.Reading(clock.instant(), true, null)));
        desk.attend(button.apply(timeline));
        gate.staffDesk(desk);
    }

    /** The issuer key id of a phone's credential, as the trust store and {@code card_keys} write it. */
    static String kidOf(PhoneSimulator phone) {
        return phone.issuerKeyId();
    }

    String staffKid() {
        return staffKid;
    }

    Outcome scanExemption() {
        return scan(Pg1Signer.present(exemption, exemptionHolder.getPrivate(), NOW, nonce()));
    }

    Outcome scan(String text) {
        return gate.handle(new ScannedCode("test", text, false, delays.nanoTime())).outcome();
    }

    List<EntryRecord> records() throws Exception {
        return log.readFrom(0, 100).stream().map(StoredEntry::record).toList();
    }

    /** What the devices did since the start, as "device action" lines. */
    List<String> events() {
        return timeline.events().stream().map(e -> e.device() + " " + e.action()).toList();
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[Pg1Signer.NONCE_LENGTH];
        new SecureRandom().nextBytes(nonce);
        return nonce;
    }

    private static CBORObject exemptionData() {
        return CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "CHOI").Add("gnt", "YUNA")).Add("dob", "1980-02-01")
                .Add("x", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("tg", "840539006")
                        .Add("es", "medical").Add("df", "2022-01-03").Add("du", "2022-06-30").Add("co", "KR")));
    }

    @Override
    public void close() throws Exception {
        feedback.close();
        log.close();
    }
}
