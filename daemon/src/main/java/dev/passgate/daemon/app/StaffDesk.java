package dev.passgate.daemon.app;

import dev.passgate.config.StaffConfig;
import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.audit.StaffAction;
import dev.passgate.daemon.clock.TrustedClock;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.Response;
import dev.passgate.daemon.verify.Format;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.InputEdge;
import dev.passgate.hal.ScannedCode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Staff confirmation: an entry whose outcome {@code [staff] confirm} names waits for a person instead of being
 * refused at once. The gate shows {@code STAFF_WAITING} (its feedback rule: amber blinking and the "see staff" clip
 * by default, held for the whole window) instead of the verdict's response, writes the entry's own ENTRY record as
 * always, and this desk waits, at most {@code window_s}, for one of:
 * <ul>
 *   <li>the staff button ({@link dev.passgate.hal.DoorInputs#staffButton()}) pressed: {@code STAFF_CONFIRMED}, by
 *       {@code BUTTON};
 *   <li>a staff card scanned on any reader: a PG1 presentation whose issuer key is in {@code card_keys} and whose
 *       signatures, freshness and replay checks passed (its policy verdict does not matter, and under degraded trust
 *       {@code CONFIRM_REQUIRED} still counts): {@code STAFF_CONFIRMED}, by {@code CARD} with the card holder's
 *       pseudonym;
 *   <li>any other code scanned: the wait ends as {@code STAFF_CANCELLED} and the new code is decided as usual, as at a
 *       real door where the next person in the queue has stepped up;
 *   <li>nothing within the window: {@code STAFF_TIMED_OUT}, refused with its own feedback.
 * </ul>
 * Each end writes one more ENTRY record (verdict the final outcome, the waiting entry's format, issuer and holder at
 * the configured field levels, and {@link StaffAction}: who acted and the sequence of the record that waited),
 * chained like every record. A confirmation opens the door through {@link Feedback#openDoor}, the path every grant
 * takes, after its record is written; with {@code on_full_disk = "closed"}, a confirmation the log could not write
 * keeps the door shut.
 *
 * <p>Threads: the gate calls {@link #offer} and {@link #begin} on the scan path under its own lock; the button calls
 * in on the input's thread and the timeout on the feedback timer; all of them only take this desk's lock (never the
 * gate's), so none waits on another for longer than one entry-log commit. Nothing here sleeps or blocks the scan path:
 * the wait is a scheduled timeout, not a waiting thread. Time comes from the injected {@link Delays} and monotonic
 * clock.
 *
 * <p>Not guaranteed: a staff card scanned when nothing waits is not special, it is decided like any pass; a press of
 * the button when nothing waits does nothing but log a line; the card holder's pseudonym is kept whatever the holder
 * field level (staff actions must be attributable); this kiosk's anti-passback window does not learn of a confirmed
 * entry, though the site window ({@link #onConfirmed}) does.
 */
public final class StaffDesk implements AutoCloseable {
    private static final List<String> CARD_CHECKS = List.of("signature", "holder", "freshness", "replay");
    private final StaffConfig config;
    private final Parts parts;
    /** The entry waiting for staff, or null; guarded by this desk's lock. */
    private Waiting waiting;
    /** Told of every confirmed entry (the site window shares it); set before the first scan. */
    private volatile Confirmed confirmed = (holder, replay, at) -> { };

    /** Hears an entry staff confirmed: its holder pseudonym and replay digest (either may be null) and when. */
    @FunctionalInterface
    public interface Confirmed {
        void admitted(String holder, String replay, Instant at);
    }

    /**
     * What the desk writes to and signals on: the entry log, the feedback, the timer for the window, the monotonic
     * clock (the same time base as the readers' and the timer's) and the wall clock as the gate reads it.
     */
    public record Parts(EntryLog log, Feedback feedback, Delays delays, LongSupplier monotonic,
                        Supplier<TrustedClock.Reading> clock) {
    }

    /** One entry waiting: its outcome, the record that waited, and when the window ends. */
    private record Waiting(Outcome outcome, Minimisation minimisation, long sequence, boolean failClosed,
                           long deadlineNanos, Cancellable[] timer) {
    }

    public StaffDesk(StaffConfig config, Parts parts) {
        this.config = config;
        this.parts = parts;
    }

    /** Tells {@code listener} of each entry confirmed from now on, on the thread that confirmed it. */
    public void onConfirmed(Confirmed listener) {
        confirmed = Objects.requireNonNull(listener, "listener");
    }

    /** Listens to the staff button, when one is wired: a press confirms the entry waiting, if any. */
    public void attend(Optional<DigitalInput> button) {
        button.ifPresent(input -> input.listen(this::pressed));
    }

    /** Shows {@code STAFF_WAITING}, held for the whole window unless the wait ends sooner; the door stays shut. */
    public Response showWaiting() {
        return parts.feedback().signal(Verdict.STAFF_WAITING, null, config.window());
    }

    /** Whether an entry with this outcome waits for staff. */
    public boolean waitsFor(Outcome outcome) {
        return config.waitsFor(outcome.verdict().name(), outcome.reason());
    }

    /**
     * A scanned code while an entry may be waiting, before the code's own record: a staff card confirms the entry
     * waiting and is the whole decision (returned; nothing else is written or shown for that scan); any other code
     * ends the wait as cancelled and is then decided as usual (empty). With nothing waiting, empty.
     */
    public synchronized Optional<Decision> offer(Outcome outcome, ScannedCode code, Minimisation minimisation) {
        Waiting now = waiting;
        if (now == null) {
            return Optional.empty();
        }
        if (parts.monotonic().getAsLong() - now.deadlineNanos() >= 0) {
            end(now, Verdict.STAFF_TIMED_OUT, StaffAction.NONE, null, null);
            return Optional.empty();
        }
        if (!isStaffCard(outcome)) {
            end(now, Verdict.STAFF_CANCELLED, StaffAction.NONE, null, null);
            return Optional.empty();
        }
        String card = minimisation.pseudonym(outcome.holderIdentity().orElse(null));
        String replay = outcome.replayKey() == null ? null : minimisation.replayDigest(outcome.replayKey());
        Ended ended = end(now, Verdict.STAFF_CONFIRMED, StaffAction.CARD, card, replay);
        long latency = parts.monotonic().getAsLong() - code.receivedNanos();
        return Optional.of(new Decision(outcome.withVerdict(Verdict.STAFF_CONFIRMED, "a staff card confirmed the"
                + " entry recorded as #" + now.sequence()), ended.sequence(), ended.response(), latency));
    }

    /**
     * Starts the wait for an entry the gate has just recorded under {@code sequence} (0: not written) and shown as
     * {@code STAFF_WAITING}. An entry already waiting has been ended by {@link #offer} for this scan.
     */
    public synchronized void begin(Outcome outcome, Minimisation minimisation, long sequence, boolean failClosed) {
        Cancellable[] timer = {() -> { }};
        Waiting next = new Waiting(outcome, minimisation, sequence, failClosed,
                parts.monotonic().getAsLong() + config.window().toNanos(), timer);
        waiting = next;
        timer[0] = parts.delays().schedule(config.window(), () -> timedOut(next));
        Logger.info("staff: entry #{} ({}) waits up to {} s for the staff button or a staff card", sequence,
                outcome.verdict(), config.window().toSeconds());
    }

    /** Whether an entry is waiting for staff now. */
    public synchronized boolean waiting() {
        return waiting != null;
    }

    /** Ends a wait still open as cancelled (the kiosk stops); its record is written, nothing is shown. */
    @Override
    public synchronized void close() {
        Waiting now = waiting;
        if (now != null) {
            waiting = null;
            now.timer()[0].cancel();
            record(now, Verdict.STAFF_CANCELLED, new StaffAction(StaffAction.NONE, null, now.sequence(),
                    now.outcome().verdict().name()), null);
        }
    }

    private void pressed(InputEdge edge) {
        if (!edge.active()) {
            return;
        }
        synchronized (this) {
            Waiting now = waiting;
            if (now == null) {
                Logger.info("staff: button pressed with no entry waiting");
            } else if (edge.nanos() - now.deadlineNanos() >= 0) {
                end(now, Verdict.STAFF_TIMED_OUT, StaffAction.NONE, null, null);
            } else {
                end(now, Verdict.STAFF_CONFIRMED, StaffAction.BUTTON, null, null);
            }
        }
    }

    private synchronized void timedOut(Waiting which) {
        if (waiting == which) {
            end(which, Verdict.STAFF_TIMED_OUT, StaffAction.NONE, null, null);
        }
    }

    /** A staff card: a PG1 presentation by a staff key whose every check up to the replay cache passed. */
    private boolean isStaffCard(Outcome outcome) {
        boolean checked = CARD_CHECKS.stream().allMatch(step -> Boolean.TRUE.equals(outcome.checks().get(step)));
        boolean genuine = outcome.verdict() == Verdict.VALID || outcome.verdict() == Verdict.POLICY_REJECTED
                || outcome.verdict() == Verdict.CONFIRM_REQUIRED;
        return outcome.format() == Format.PG1 && checked && genuine && config.isStaffKey(outcome.issuerKeyId());
    }

    private record Ended(long sequence, Response response) {
    }

    /** Ends the wait: signal, record, then the door when the outcome opens it (as the gate orders them). */
    private Ended end(Waiting now, Verdict verdict, String by, String card, String replay) {
        waiting = null;
        now.timer()[0].cancel();
        StaffAction action = new StaffAction(by, card, now.sequence(), now.outcome().verdict().name());
        Response response = now.failClosed() ? null : parts.feedback().signal(verdict, null);
        Appended appended = record(now, verdict, action, replay);
        if (now.failClosed()) {
            response = appended instanceof Appended.Lost ? parts.feedback().signalFailClosed()
                    : parts.feedback().signal(verdict, null);
        }
        long sequence = appended instanceof Appended.Written written ? written.sequence() : 0;
        parts.feedback().openDoor(response, sequence);
        if (verdict == Verdict.STAFF_CONFIRMED && response.opensDoor()) {
            Outcome waited = now.outcome();
            confirmed.admitted(now.minimisation().pseudonym(waited.holderIdentity().orElse(null)),
                    waited.replayKey() == null ? null : now.minimisation().replayDigest(waited.replayKey()),
                    parts.clock().get().at());
        }
        Logger.info("staff: entry #{} ended {} (by {}), recorded as #{}", now.sequence(), verdict, by, sequence);
        return new Ended(sequence, response);
    }

    private Appended record(Waiting now, Verdict verdict, StaffAction action, String replay) {
        TrustedClock.Reading reading = parts.clock().get();
        Outcome waited = now.outcome();
        EntryRecord record = now.minimisation().record(reading.at(), parts.monotonic().getAsLong(), verdict.name(),
                waited.format().name(), waited.issuerKeyId(), waited.certificateType(),
                waited.holderIdentity().orElse(null), reading.trusted()).withStaff(action);
        return parts.log().append(replay == null ? record : record.withReplayDigest(replay));
    }
}
