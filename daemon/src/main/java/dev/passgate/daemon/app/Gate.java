package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.clock.TrustedClock;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.Response;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ScannedCode;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * The scan path: verify the code, append the entry-log record, then give feedback, in that order, so that a
 * decision the holder saw is always in the log. When the log cannot be written the gate still decides and gives
 * feedback (the door never waits on the disk) and counts the record as unlogged. One scan at a time: codes
 * from several readers are handled in arrival order. No personal data leaves this class except as a pseudonym.
 *
 * <p>With a {@link TrustedClock}, every record carries whether the clock was trusted; while it is not, a decision
 * that depended on time is either refused ({@code CLOCK_UNTRUSTED}, fail closed) or made and flagged, as
 * configured. Anti-passback ({@link AntiPassback}) applies to every format after verification and policy.
 */
public final class Gate implements Consumer<ScannedCode> {
    private final PassVerifier verifier;
    private final TrustStore trust;
    private final Policy policy;
    private final EntryLog log;
    private final HolderPseudonyms pseudonyms;
    private final Feedback feedback;
    private final Clock clock;
    private final LongSupplier monotonic;
    private final Consumer<Decision> listener;
    private final AtomicLong unlogged = new AtomicLong();
    private final GateStats stats = new GateStats();
    private final TrustedClock trustedClock;
    private final GateConfig.ClockUntrusted clockUntrusted;
    private final AntiPassback passback;
    private static final long IDLE = Long.MIN_VALUE;
    private volatile long busySince = IDLE;

    /** A gate that trusts its clock without checking and has no anti-passback. */
    public Gate(PassVerifier verifier, TrustStore trust, Policy policy, EntryLog log, HolderPseudonyms pseudonyms,
                Feedback feedback, Clock clock, LongSupplier monotonic, Consumer<Decision> listener) {
        this(verifier, trust, policy, log, pseudonyms, feedback, clock, monotonic, listener, null, GateConfig.DEFAULTS);
    }

    /**
     * A gate that judges its clock with {@code trustedClock} (null: always trusted) and applies the clock and
     * anti-passback settings of {@code gateConfig}.
     */
    public Gate(PassVerifier verifier, TrustStore trust, Policy policy, EntryLog log, HolderPseudonyms pseudonyms,
                Feedback feedback, Clock clock, LongSupplier monotonic, Consumer<Decision> listener,
                TrustedClock trustedClock, GateConfig gateConfig) {
        this.trustedClock = trustedClock;
        this.clockUntrusted = gateConfig.clockUntrusted();
        this.passback = new AntiPassback(gateConfig.passback(), gateConfig.passbackWindow());
        this.verifier = verifier;
        this.trust = trust;
        this.policy = policy;
        this.log = log;
        this.pseudonyms = pseudonyms;
        this.feedback = feedback;
        this.clock = clock;
        this.monotonic = monotonic;
        this.listener = listener;
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
        Outcome outcome = verifier.verifyScanned(code.text(), code.overLength(), trust, at, policy);
        if (!reading.trusted() && clockUntrusted == GateConfig.ClockUntrusted.REFUSE && timeDependent(outcome)) {
            outcome = outcome.withCheck("clock", false).withVerdict(Verdict.CLOCK_UNTRUSTED,
                    "the kiosk clock is untrusted: " + reading.reason());
        }
        String holder = outcome.holderIdentity().map(pseudonyms::of).orElse(null);
        long nanos = monotonic.getAsLong();
        outcome = passback.apply(outcome, holder, at, nanos);
        EntryRecord record = new EntryRecord(at, nanos, outcome.verdict().name(),
                outcome.format().name(), outcome.issuerKeyId(), holder, reading.trusted());
        long sequence = 0;
        try {
            sequence = log.append(record);
        } catch (EntryLogException e) {
            long count = unlogged.incrementAndGet();
            Logger.error("entry log append failed ({} unlogged so far): {}", count, e.getMessage());
        }
        Response response = feedback.give(outcome.verdict());
        stats.record(outcome.verdict(), monotonic.getAsLong() - code.receivedNanos());
        Logger.info("scan from {}: {} {} (seq {})", code.source(), outcome.format(), outcome.verdict(), sequence);
        Decision decision = new Decision(outcome, sequence, response);
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

    /** Decisions given while the entry log could not be written. */
    public long unloggedCount() {
        return unlogged.get();
    }
}
