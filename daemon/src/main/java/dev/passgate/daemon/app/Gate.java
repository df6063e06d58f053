package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.clock.TrustedClock;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.Response;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ScannedCode;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The scan path: verify the code, append the entry-log record, then give feedback, in that order, so that a
 * decision the holder saw is always in the log. When the log cannot be written the gate still decides and gives
 * feedback (the door never waits on the disk); the entry log counts the decision and records the gap as soon as
 * it can write again. One scan at a time: codes from several readers are handled in arrival order. What of the
 * holder reaches the log is decided by {@link Minimisation}; nothing else of the holder leaves this class.
 *
 * <p>Trust comes from a {@link TrustSnapshot} taken at the start of each scan, whose staleness rules settle the
 * outcome after verification and policy. With a {@link TrustedClock}, every record carries whether the clock was
 * trusted; while it is not, a decision that depended on time is either refused ({@code CLOCK_UNTRUSTED}, fail
 * closed) or made and flagged, as configured. Anti-passback ({@link AntiPassback}) applies to every format after
 * verification and policy.
 */
public final class Gate implements Consumer<ScannedCode> {
    private static final long IDLE = Long.MIN_VALUE;
    private final PassVerifier verifier;
    private final Supplier<TrustSnapshot> trust;
    private final Policy policy;
    private final EntryLog log;
    private final Minimisation minimisation;
    private final Feedback feedback;
    private final Clock clock;
    private final LongSupplier monotonic;
    private final Consumer<Decision> listener;
    private final TrustedClock trustedClock;
    private final GateConfig.ClockUntrusted clockUntrusted;
    private final AntiPassback passback;
    private final GateStats stats = new GateStats();
    private volatile long busySince = IDLE;

    /** A gate with fixed trust that trusts its clock without checking and has no anti-passback. */
    public Gate(PassVerifier verifier, TrustStore trust, Policy policy, EntryLog log, Minimisation minimisation,
                Feedback feedback, Clock clock, LongSupplier monotonic, Consumer<Decision> listener) {
        this(verifier, fixed(TrustSnapshot.unmanaged(trust)), policy, log, minimisation, feedback, clock, monotonic,
                listener, null, GateConfig.DEFAULTS);
    }

    /**
     * A gate whose trust may change between scans (each scan decides with the snapshot current at its start), that
     * judges its clock with {@code trustedClock} (null: always trusted) and applies the clock and anti-passback
     * settings of {@code gateConfig}.
     */
    public Gate(PassVerifier verifier, Supplier<TrustSnapshot> trust, Policy policy, EntryLog log,
                Minimisation minimisation, Feedback feedback, Clock clock, LongSupplier monotonic,
                Consumer<Decision> listener, TrustedClock trustedClock, GateConfig gateConfig) {
        this.verifier = verifier;
        this.trust = trust;
        this.policy = policy;
        this.log = log;
        this.minimisation = minimisation;
        this.feedback = feedback;
        this.clock = clock;
        this.monotonic = monotonic;
        this.listener = listener;
        this.trustedClock = trustedClock;
        this.clockUntrusted = gateConfig.clockUntrusted();
        this.passback = new AntiPassback(gateConfig.passback(), gateConfig.passbackWindow());
    }

    @Override
    public void accept(ScannedCode code) {
        handle(code);
    }

    public synchronized Decision handle(ScannedCode code) {
        busySince = monotonic.getAsLong();
        try {
            return decide(code);
        } finally {
            busySince = IDLE;
        }
    }

    private Decision decide(ScannedCode code) {
        TrustedClock.Reading reading = trustedClock == null ? new TrustedClock.Reading(clock.instant(), true, null)
                : trustedClock.read();
        Instant at = reading.at();
        TrustSnapshot snapshot = trust.get();
        Outcome outcome = snapshot.settle(verifier.verifyScanned(code.text(), code.overLength(), snapshot.store(), at,
                policy), at);
        if (!reading.trusted() && clockUntrusted == GateConfig.ClockUntrusted.REFUSE && timeDependent(outcome)) {
            outcome = outcome.withCheck("clock", false).withVerdict(Verdict.CLOCK_UNTRUSTED,
                    "the kiosk clock is untrusted: " + reading.reason());
        }
        long nanos = monotonic.getAsLong();
        String identity = outcome.holderIdentity().orElse(null);
        outcome = passback.apply(outcome, minimisation.pseudonym(identity), at, nanos);
        EntryRecord record = minimisation.record(at, nanos, outcome.verdict().name(), outcome.format().name(),
                outcome.issuerKeyId(), outcome.certificateType(), identity, reading.trusted());
        Appended appended = log.append(record);
        long sequence = appended instanceof Appended.Written written ? written.sequence() : 0;
        Response response = feedback.give(outcome.verdict());
        long latency = monotonic.getAsLong() - code.receivedNanos();
        stats.record(outcome.verdict(), latency);
        Logger.info("scan from {}: {} {} (seq {})", code.source(), outcome.format(), outcome.verdict(), sequence);
        Decision decision = new Decision(outcome, sequence, response, latency);
        listener.accept(decision);
        return decision;
    }

    /** Whether the decision used the clock: every verification that got as far as a time check. */
    private static boolean timeDependent(Outcome outcome) {
        return outcome.checks().containsKey("validity") || outcome.checks().containsKey("freshness");
    }

    /** How long the scan in progress has taken, in monotonic nanoseconds; zero when the gate is idle. */
    public long busyNanos() {
        long since = busySince;
        return since == IDLE ? 0 : monotonic.getAsLong() - since;
    }

    public GateStats stats() {
        return stats;
    }

    private static Supplier<TrustSnapshot> fixed(TrustSnapshot snapshot) {
        return () -> snapshot;
    }

    /** Decisions given while the entry log could not write them, as the entry log counts them. */
    public long unloggedCount() {
        return log.status().unlogged();
    }
}
