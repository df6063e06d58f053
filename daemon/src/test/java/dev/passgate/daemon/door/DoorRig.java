package dev.passgate.daemon.door;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.DoorConfig;
import dev.passgate.daemon.app.Decision;
import dev.passgate.daemon.app.Gate;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.ChainVerifier;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.DoorRecord;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.audit.StoredRecord;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.hal.Buzzer;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.StatusLight;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A kiosk's door side for tests: a real gate deciding demo passes, a real entry log (SQLite, signed checkpoints) in
 * {@code dir} (signing key {@code dir/signing.key}), the feedback on the given devices, time moved by hand through
 * {@link ManualDelays}, and a {@link DoorMonitor} on the given switches.
 */
final class DoorRig implements AutoCloseable {
    static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    static final String DEVICE = "kiosk-door";

    final ManualDelays delays;
    final Path file;
    final EntryLog log;
    final Feedback feedback;
    final Gate gate;
    final DoorMonitor monitor;
    final Path keyFile;
    private final DeviceKey key;

    DoorRig(Path dir, ManualDelays delays, DoorConfig config, DoorInputs inputs, StatusLight light, Buzzer buzzer,
            DoorRelay relay) throws EntryLogException, java.io.IOException {
        this(dir, delays, config, inputs, light, buzzer, relay, Long.MAX_VALUE);
    }

    /** A rig whose log holds at most {@code maxRecords} records: the next ones are counted as lost. */
    DoorRig(Path dir, ManualDelays delays, DoorConfig config, DoorInputs inputs, StatusLight light, Buzzer buzzer,
            DoorRelay relay, long maxRecords) throws EntryLogException, java.io.IOException {
        this(dir, delays, config, inputs, light, buzzer, relay, maxRecords, null);
    }

    /** A rig whose monitor keeps grants {@code edgeGrace} past their relay time; {@code null}: from the contact. */
    DoorRig(Path dir, ManualDelays delays, DoorConfig config, DoorInputs inputs, StatusLight light, Buzzer buzzer,
            DoorRelay relay, long maxRecords, Duration edgeGrace) throws EntryLogException, java.io.IOException {
        this.delays = delays;
        this.keyFile = dir.resolve("signing.key");
        this.key = DeviceKey.fromFile(keyFile);
        this.file = dir.resolve("entries.db");
        this.log = EntryLog.open(file, DEVICE, EntryLogOptions.defaults().withSigningKey(key)
                .withCapacity(maxRecords, Long.MAX_VALUE));
        this.feedback = new Feedback(FeedbackTable.of(ConfigLoader.defaults(dir.resolve("x.toml")).feedback()
                .verdicts()), List.of(light), List.of(buzzer), List.of(relay), delays, Duration.ofSeconds(3));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        this.gate = new Gate(new PassVerifier(Limits.DEFAULT), PASSES.trust(), Policies.named("none").orElseThrow(),
                log, Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32])), feedback, clock,
                delays::nanoTime, decision -> { });
        this.monitor = edgeGrace == null
                ? DoorMonitor.start(config, inputs, feedback, log, clock, delays::nanoTime, delays)
                : DoorMonitor.start(config, inputs, feedback, log, clock, delays::nanoTime, delays, edgeGrace);
    }

    /** A valid pass scanned: admitted, the relay energised for the VALID rule's 3 s; its entry's sequence. */
    long admit() {
        Decision decision = gate.handle(new ScannedCode("test", PASSES.samples().get(0).text(), false,
                delays.nanoTime()));
        assertThat(decision.response().opensDoor()).isTrue();
        return decision.sequence();
    }

    /** An expired pass scanned: refused, the door stays shut. */
    void refuse() {
        Decision decision = gate.handle(new ScannedCode("test", PASSES.samples().get(1).text(), false,
                delays.nanoTime()));
        assertThat(decision.response().opensDoor()).isFalse();
    }

    void advance(long millis) {
        delays.advance(Duration.ofMillis(millis));
    }

    /** The door records in the log, oldest first. */
    List<DoorRecord> doorRecords() throws EntryLogException {
        return log.readAll(0, 1000).stream().map(StoredRecord::record).filter(r -> r instanceof DoorRecord)
                .map(r -> (DoorRecord) r).toList();
    }

    /** The whole chain verifies with the device key, as {@code passgate log verify} does. */
    ChainReport verify() throws EntryLogException {
        return ChainVerifier.verify(file, DEVICE, key.publicKey());
    }

    @Override
    public void close() throws EntryLogException {
        monitor.close();
        feedback.close();
        log.close();
    }
}
