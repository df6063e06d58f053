package dev.passgate.daemon.app;

import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.HolderPseudonyms;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The scan path: verify the code, append the entry-log record, then give feedback, in that order, so that a
 * decision the holder saw is always in the log. When the log cannot be written the gate still decides and gives
 * feedback (the door never waits on the disk) and counts the record as unlogged. One scan at a time: codes
 * from several readers are handled in arrival order. No personal data leaves this class except as a pseudonym.
 * Trust comes from a {@link TrustSnapshot} taken at the start of each scan, whose staleness rules settle the
 * outcome after verification and policy.
 */
public final class Gate implements Consumer<ScannedCode> {
    private final PassVerifier verifier;
    private final Supplier<TrustSnapshot> trust;
    private final Policy policy;
    private final EntryLog log;
    private final HolderPseudonyms pseudonyms;
    private final Feedback feedback;
    private final Clock clock;
    private final LongSupplier monotonic;
    private final Consumer<Decision> listener;
    private final AtomicLong unlogged = new AtomicLong();
    private final GateStats stats = new GateStats();
    private static final long IDLE = Long.MIN_VALUE;
    private volatile long busySince = IDLE;

    public Gate(PassVerifier verifier, TrustStore trust, Policy policy, EntryLog log, HolderPseudonyms pseudonyms,
                Feedback feedback, Clock clock, LongSupplier monotonic, Consumer<Decision> listener) {
        this(verifier, fixed(TrustSnapshot.unmanaged(trust)), policy, log, pseudonyms, feedback, clock, monotonic,
                listener);
    }

    /** A gate whose trust may change between scans: each scan decides with the snapshot current at its start. */
    public Gate(PassVerifier verifier, Supplier<TrustSnapshot> trust, Policy policy, EntryLog log,
                HolderPseudonyms pseudonyms, Feedback feedback, Clock clock, LongSupplier monotonic,
                Consumer<Decision> listener) {
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
        Instant at = clock.instant();
        TrustSnapshot snapshot = trust.get();
        Outcome outcome = snapshot.settle(verifier.verifyScanned(code.text(), code.overLength(), snapshot.store(), at,
                policy), at);
        String holder = outcome.holderIdentity().map(pseudonyms::of).orElse(null);
        EntryRecord record = new EntryRecord(at, monotonic.getAsLong(), outcome.verdict().name(),
                outcome.format().name(), outcome.issuerKeyId(), holder, true);
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

    /** Decisions given while the entry log could not be written. */
    public long unloggedCount() {
        return unlogged.get();
    }
}
