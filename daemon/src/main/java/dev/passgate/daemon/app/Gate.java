package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.clock.TrustedClock;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.Response;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.site.SiteLink;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ScannedCode;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The scan path: verify the code, signal the answer (light, buzzer, clip, the reader's own beep), append the
 * entry-log record (a synchronous, fsynced commit), then open the door, in that order: the holder hears the answer
 * without waiting on the disk, and no door opens without its record in the log. A crash between the signal and
 * the commit can lose the record of a decision that was shown but never admitted anyone; the log never
 * acknowledged it. When the log cannot be written the gate still decides and opens (the door never waits on a full
 * disk); the entry log counts the decision and records the gap as soon as it can write again. One scan at a
 * time: codes from several readers are handled in arrival order. What of the holder reaches the log is decided by
 * {@link Minimisation}; nothing else of the holder leaves this class.
 *
 * <p>Trust comes from a {@link TrustSnapshot} taken at the start of each scan, whose staleness rules settle the
 * outcome after verification and policy. With a {@link TrustedClock}, every record carries whether the clock was
 * trusted; while it is not, a decision that depended on time is either refused ({@code CLOCK_UNTRUSTED}, fail
 * closed) or made and flagged, as configured. Anti-passback ({@link AntiPassback}) applies to every format after
 * verification and policy.
 *
 * <p>With a {@link StaffDesk} ({@link #staffDesk}), an outcome {@code [staff] confirm} names is shown as waiting for
 * staff and handed to the desk after its record is written, and a scan while an entry waits goes to the desk first
 * (a staff card confirms the wait and is the whole decision; any other code ends the wait and is decided as usual).
 *
 * <p>What a configuration reload may change is held in one {@link GateRules}, read once per scan and replaced by
 * {@link #reconfigure} only between two scans.
 */
public final class Gate implements Consumer<ScannedCode> {
    private static final long IDLE = Long.MIN_VALUE;
    private final EntryLog log;
    private final Feedback feedback;
    private final Clock clock;
    private final LongSupplier monotonic;
    private final Consumer<Decision> listener;
    private final TrustedClock trustedClock;
    private final GateStats stats = new GateStats();
    /** Replaced only between two scans, under this gate's lock. */
    private GateRules rules;
    private volatile long busySince = IDLE;
    /** Staff confirmation, when the kiosk wires it; null: no outcome waits for staff. */
    private StaffDesk staff;
    /** The site window, when {@code [site]} is enabled ({@link #shareSite}). */
    private volatile SiteGate site = SiteGate.NONE;

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
        this(GateRules.of(verifier, trust, policy, minimisation, gateConfig), log, feedback, clock, monotonic, listener,
                trustedClock);
    }

    /** A gate that starts with {@code rules}, which {@link #reconfigure} may later replace. */
    public Gate(GateRules rules, EntryLog log, Feedback feedback, Clock clock, LongSupplier monotonic,
                Consumer<Decision> listener, TrustedClock trustedClock) {
        this.rules = rules;
        this.log = log;
        this.feedback = feedback;
        this.clock = clock;
        this.monotonic = monotonic;
        this.listener = listener;
        this.trustedClock = trustedClock;
    }

    /**
     * Replaces the rules between two scans: waits for a scan in progress to finish with the old rules, then runs
     * {@code alongside} (the parts of a reload that live outside the gate, such as the feedback table) and swaps the
     * rules, both before the next scan starts. No scan is dropped; scans that arrive meanwhile wait as they would for
     * any scan in progress.
     */
    public synchronized void reconfigure(GateRules next, Runnable alongside) {
        alongside.run();
        rules = next;
    }

    /** Hands outcomes that {@code [staff] confirm} names, and staff cards, to {@code desk} from the next scan on. */
    public synchronized void staffDesk(StaffDesk desk) {
        staff = desk;
        if (desk != null) {
            desk.onConfirmed((holder, replay, at) -> site.publish(holder, replay, at));
        }
    }

    /** Shares admissions with the other kiosks of the site through {@code link}, and refuses theirs. */
    public void shareSite(SiteLink link, String deviceId) {
        site = new SiteGate(link, deviceId);
    }

    /** The site window's link, when the gate shares one ({@link #shareSite}). */
    public Optional<SiteLink> siteLink() {
        return site.link();
    }

    /** The rules the next scan will be decided with. */
    public synchronized GateRules rules() {
        return rules;
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
        GateRules now = rules;
        TrustedClock.Reading reading = trustedClock == null ? new TrustedClock.Reading(clock.instant(), true, null)
                : trustedClock.read();
        Instant at = reading.at();
        TrustSnapshot snapshot = now.trust().get();
        Outcome outcome = snapshot.settle(now.verifier().verifyScanned(code.text(), code.overLength(),
                snapshot.store(), at, now.policy()), at);
        if (!reading.trusted() && now.clockUntrusted() == GateConfig.ClockUntrusted.REFUSE && timeDependent(outcome)) {
            outcome = outcome.withCheck("clock", false).withVerdict(Verdict.CLOCK_UNTRUSTED,
                    "the kiosk clock is untrusted: " + reading.reason());
        }
        String identity = outcome.holderIdentity().orElse(null);
        String holder = now.minimisation().pseudonym(identity);
        String replay = outcome.replayKey() == null ? null : now.minimisation().replayDigest(outcome.replayKey());
        SiteGate.Checked shared = site.check(outcome, holder, replay, at, now.passback());
        outcome = shared.outcome();
        Optional<Decision> byStaff = staff == null ? Optional.empty() : staff.offer(outcome, code, now.minimisation());
        if (byStaff.isPresent()) {
            site.publish(null, replay, at);
            return decided(code, byStaff.get());
        }
        long nanos = monotonic.getAsLong();
        outcome = now.passback().apply(outcome, holder, at, nanos);
        boolean waits = staff != null && staff.waitsFor(outcome);
        EntryRecord record = now.minimisation().record(at, nanos, outcome.verdict().name(), outcome.format().name(),
                outcome.issuerKeyId(), outcome.certificateType(), identity, reading.trusted());
        if (replay != null) {
            record = record.withReplayDigest(replay);
        }
        record = shared.peer() == null ? record : record.withSitePeer(shared.peer());
        boolean failClosed = now.onFullDisk() == GateConfig.FullDisk.CLOSED;
        Response response = failClosed ? null : signal(outcome, waits);
        long latency = monotonic.getAsLong() - code.receivedNanos();
        Appended appended = log.append(record);
        if (failClosed) {
            response = appended instanceof Appended.Lost ? feedback.signalFailClosed() : signal(outcome, waits);
        }
        long sequence = appended instanceof Appended.Written written ? written.sequence() : 0;
        feedback.openDoor(response, sequence);
        if (!failClosed || !(appended instanceof Appended.Lost)) {
            site.admitted(outcome, now.passback().mode() == GateConfig.Passback.OFF ? null : holder, replay, at);
        }
        if (waits && !(failClosed && appended instanceof Appended.Lost)) {
            staff.begin(outcome, now.minimisation(), sequence, failClosed);
        }
        return decided(code, new Decision(outcome, sequence, response, latency));
    }

    /** Shows the outcome's response, or "waiting for staff" when the staff desk will wait for it. */
    private Response signal(Outcome outcome, boolean waits) {
        return waits ? staff.showWaiting() : feedback.signal(outcome.verdict(), outcome.reason());
    }

    private Decision decided(ScannedCode code, Decision decision) {
        Outcome outcome = decision.outcome();
        stats.record(outcome.verdict(), decision.latencyNanos());
        Logger.info("scan from {}: {} {} (seq {})", code.source(), outcome.format(), outcome.verdict(),
                decision.sequence());
        listener.accept(decision);
        return decision;
    }

    /**
     * Rebuilds the anti-passback window from the entry log after a restart, when the clock is trusted; logs how
     * many holders it restored. A log that cannot be read leaves the window empty.
     */
    public synchronized void restoreAdmissions() {
        TrustedClock.Reading reading = trustedClock == null ? new TrustedClock.Reading(clock.instant(), true, null)
                : trustedClock.read();
        if (!reading.trusted()) {
            Logger.warn("anti-passback window not restored: the clock is untrusted ({})", reading.reason());
            return;
        }
        try {
            int restored = rules.passback().restore(log, reading.at(), monotonic.getAsLong());
            if (restored > 0) {
                Logger.info("anti-passback window restored from the entry log: {} holder(s)", restored);
            }
        } catch (EntryLogException e) {
            Logger.warn("anti-passback window not restored: {}", e.getMessage());
        }
    }

    /** The wall clock as this gate reads it for a decision: the time, whether it is trusted, and why not. */
    TrustedClock.Reading clockReading() {
        return trustedClock == null ? new TrustedClock.Reading(clock.instant(), true, null) : trustedClock.read();
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
