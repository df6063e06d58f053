package dev.passgate.daemon.app;

import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.Response;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
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
 * Trust comes from a {@link TrustSnapshot} taken at the start of each scan, whose staleness rules settle the
 * outcome after verification and policy.
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
    private final GateStats stats = new GateStats();
    private volatile long busySince = IDLE;

    public Gate(PassVerifier verifier, TrustStore trust, Policy policy, EntryLog log, Minimisation minimisation,
                Feedback feedback, Clock clock, LongSupplier monotonic, Consumer<Decision> listener) {
        this(verifier, fixed(TrustSnapshot.unmanaged(trust)), policy, log, minimisation, feedback, clock, monotonic,
                listener);
    }

    /** A gate whose trust may change between scans: each scan decides with the snapshot current at its start. */
    public Gate(PassVerifier verifier, Supplier<TrustSnapshot> trust, Policy policy, EntryLog log,
                Minimisation minimisation, Feedback feedback, Clock clock, LongSupplier monotonic,
                Consumer<Decision> listener) {
        this.verifier = verifier;
        this.trust = trust;
        this.policy = policy;
        this.log = log;
        this.minimisation = minimisation;
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
        Instant at = clock.instant();
        TrustSnapshot snapshot = trust.get();
        Outcome outcome = snapshot.settle(verifier.verifyScanned(code.text(), code.overLength(), snapshot.store(), at,
                policy), at);
        EntryRecord record = minimisation.record(at, monotonic.getAsLong(), outcome.verdict().name(),
                outcome.format().name(), outcome.issuerKeyId(), outcome.certificateType(),
                outcome.holderIdentity().orElse(null), true);
        Appended appended = log.append(record);
        long sequence = appended instanceof Appended.Written written ? written.sequence() : 0;
        Response response = feedback.give(outcome.verdict());
        stats.record(outcome.verdict(), monotonic.getAsLong() - code.receivedNanos());
        Logger.info("scan from {}: {} {} (seq {})", code.source(), outcome.format(), outcome.verdict(), sequence);
        Decision decision = new Decision(outcome, sequence, response);
        listener.accept(decision);
        return decision;
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
