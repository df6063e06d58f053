package dev.passgate.daemon.door;

import dev.passgate.config.DoorConfig;
import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.DoorEvent;
import dev.passgate.daemon.audit.DoorRecord;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.feedback.Response;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.InputEdge;
import dev.passgate.hal.LightColor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Watches the door: every grant ({@link Feedback#openDoor}, from a scan, staff or the exit button), the door contact
 * and the exit button, and writes what happened to the entry log as {@link DoorRecord}s, chained like every record.
 *
 * <p>With a door contact: a grant is {@link DoorEvent#PASSED} when the door opens within the grant's relay time (or
 * is already open when it is granted), else {@link DoorEvent#NOT_PASSED} when that time ends; several grants waiting
 * are all passed by one opening. A grant is judged by the time the door moved (the contact edge's own time, before
 * its debounce): it is kept past its relay time for an edge grace ({@link EdgeGrace}), so a door opened just before
 * the relay released is passed, and a NOT_PASSED record is written that grace after the relay time, stamped with
 * the relay time. The door opening with no grant waiting is {@link DoorEvent#FORCED}: the forced
 * alarm sounds for {@code door.forced_alarm_s} and on while the door stays open. The door open longer than
 * {@code door.held_open_limit_s} is {@link DoorEvent#HELD_OPEN}: the held-open alarm sounds until it closes. After
 * either, the door closing is {@link DoorEvent#CLOSED} with how long it was open. A door found open at start is
 * timed from the start and never called forced. Without a contact, or while it reports a health other than
 * {@code READY}, grants are not judged (no passed or not-passed record); exits are always recorded.
 *
 * <p>The exit button energises the relay for {@code door.exit_open_ms} and writes {@link DoorEvent#EXIT}; the EXIT
 * record is that opening's grant, so it is passed or not passed like a scan's. The door opens even when the record
 * cannot be written (nobody is ever held in). An alarm repeats its pattern every {@code door.alarm_repeat_ms} and
 * stops at the first repetition due after it may end.
 *
 * <p>Time is injected: edges carry their monotonic time, timers run on {@link Delays}, wall times come from the
 * {@link Clock}. Thread-safe: inputs, timers and the gate may call in on their own threads; the state is guarded by
 * this object, and the entry log and the feedback are called outside that lock. Not guaranteed: telling a person
 * from a draught, or counting people through one opening; a contact bouncing faster than its debounce is not seen.
 */
public final class DoorMonitor implements Feedback.DoorGrants, AutoCloseable {
    private static final Cancellable NOTHING = () -> { };
    /** The health word of a working input; while the contact reports anything else, grants are not judged. */
    private static final String READY = "READY";

    private final DoorConfig config;
    private final Optional<DigitalInput> contact;
    private final boolean exitWired;
    private final Feedback feedback;
    private final EntryLog log;
    private final Clock clock;
    private final LongSupplier monotonic;
    private final Delays delays;
    /** How long a grant is kept after its relay time for a contact edge stamped before that time to arrive. */
    private final Duration edgeGrace;
    private final Deque<Grant> grants = new ArrayDeque<>();
    private final Counts counts = new Counts();
    private boolean open;
    private long openedNanos;
    /** Whether this opening was forced or held open, so its closing is recorded. */
    private boolean eventful;
    private Cancellable heldTimer = NOTHING;
    private Alarm alarm = Alarm.NONE;
    private long forcedUntilNanos;
    private Cancellable alarmTimer = NOTHING;
    private boolean closed;

    private DoorMonitor(DoorConfig config, DoorInputs inputs, Feedback feedback, EntryLog log, Clock clock,
                        LongSupplier monotonic, Delays delays, Duration edgeGrace) {
        this.config = config;
        this.contact = inputs.doorContact();
        this.exitWired = inputs.exitButton().isPresent();
        this.feedback = feedback;
        this.log = log;
        this.clock = clock;
        this.monotonic = monotonic;
        this.delays = delays;
        this.edgeGrace = EdgeGrace.bounded(edgeGrace);
    }

    /**
     * A monitor listening to {@code inputs} and to every grant of {@code feedback}, writing to {@code log}. A door
     * found open now is timed for the held-open limit from now. Grants are kept past their relay time for the door
     * contact's debounce ({@link EdgeGrace#of}).
     */
    public static DoorMonitor start(DoorConfig config, DoorInputs inputs, Feedback feedback, EntryLog log,
                                    Clock clock, LongSupplier monotonic, Delays delays) {
        return start(config, inputs, feedback, log, clock, monotonic, delays, EdgeGrace.of(inputs.doorContact()));
    }

    /**
     * As {@link #start(DoorConfig, DoorInputs, Feedback, EntryLog, Clock, LongSupplier, Delays)}, keeping each
     * grant {@code edgeGrace} (at most {@link EdgeGrace#MAX}) past its relay time: a contact edge arrives after the
     * door moved (by its debounce time) and is judged by its own time, so a door opened just before the relay
     * released is passed, not forced.
     */
    public static DoorMonitor start(DoorConfig config, DoorInputs inputs, Feedback feedback, EntryLog log,
                                    Clock clock, LongSupplier monotonic, Delays delays, Duration edgeGrace) {
        DoorMonitor monitor = new DoorMonitor(config, inputs, feedback, log, clock, monotonic, delays, edgeGrace);
        synchronized (monitor) {
            // listen first, then read: an edge in between waits for this lock and is then a duplicate, ignored
            // (one delivered on this thread while listening has already opened the door here)
            inputs.doorContact().ifPresent(input -> {
                input.listen(monitor::contact);
                if (input.active() && !monitor.open) {
                    monitor.open = true;
                    monitor.openedNanos = monotonic.getAsLong();
                    monitor.heldTimer = delays.schedule(config.heldOpenLimit(), monitor::heldTooLong);
                }
            });
            inputs.exitButton().ifPresent(input -> input.listen(monitor::exitButton));
        }
        feedback.onGrant(monitor);
        return monitor;
    }

    @Override
    public void granted(Duration relay, long sequence) {
        List<Runnable> later = new ArrayList<>();
        synchronized (this) {
            if (closed || contact.isEmpty() || !READY.equals(contact.get().health())) {
                return;
            }
            if (open) {
                counts.passed++;
                later.add(() -> write(DoorEvent.PASSED, monotonic.getAsLong(), sequence, 0));
            } else {
                Grant grant = new Grant(sequence, monotonic.getAsLong() + relay.toNanos());
                grants.add(grant);
                grant.expiry = delays.schedule(relay.plus(edgeGrace), () -> expired(grant));
            }
        }
        later.forEach(Runnable::run);
    }

    /** The exit button: a press (not the release) opens the door for {@code door.exit_open_ms}, logged. */
    private void exitButton(InputEdge edge) {
        synchronized (this) {
            if (closed || !edge.active()) {
                return;
            }
            counts.exits++;
        }
        long sequence = write(DoorEvent.EXIT, edge.nanos(), 0, 0);
        feedback.openDoor(new Response(LightColor.OFF, BuzzerPattern.NONE, config.exitOpen()), sequence);
    }

    private void contact(InputEdge edge) {
        List<Runnable> later = new ArrayList<>();
        synchronized (this) {
            if (closed || edge.active() == open) {
                return;
            }
            open = edge.active();
            if (open) {
                opened(edge.nanos(), later);
            } else {
                shut(edge.nanos(), later);
            }
        }
        later.forEach(Runnable::run);
    }

    /**
     * The door opened at {@code nanos}, the edge's own time: grants whose relay time had not ended by then are
     * passed; those that had ended (kept only for the edge grace) are not passed; with none passed it was forced.
     */
    private void opened(long nanos, List<Runnable> later) {
        openedNanos = nanos;
        eventful = false;
        List<Grant> passing = new ArrayList<>();
        for (Grant grant : grants) {
            grant.expiry.cancel();
            if (grant.deadlineNanos - nanos >= 0) {
                passing.add(grant);
            } else {
                counts.notPassed++;
                later.add(() -> write(DoorEvent.NOT_PASSED, grant.deadlineNanos, grant.sequence, 0));
            }
        }
        grants.clear();
        if (passing.isEmpty()) {
            counts.forced++;
            eventful = true;
            forcedUntilNanos = nanos + config.forcedAlarm().toNanos();
            later.add(() -> write(DoorEvent.FORCED, nanos, 0, 0));
            sound(Alarm.FORCED, later);
        }
        for (Grant grant : passing) {
            counts.passed++;
            later.add(() -> write(DoorEvent.PASSED, nanos, grant.sequence, 0));
        }
        heldTimer = delays.schedule(config.heldOpenLimit(), this::heldTooLong);
    }

    private void shut(long nanos, List<Runnable> later) {
        heldTimer.cancel();
        if (eventful) {
            long openMillis = Math.max(1, (nanos - openedNanos) / 1_000_000);
            later.add(() -> write(DoorEvent.CLOSED, nanos, 0, openMillis));
        }
        eventful = false;
        if (alarm == Alarm.HELD_OPEN || alarm == Alarm.FORCED && nanos - forcedUntilNanos >= 0) {
            silence(later);
        }
    }

    private void expired(Grant grant) {
        synchronized (this) {
            if (closed || !grants.remove(grant)) {
                return;
            }
            counts.notPassed++;
        }
        write(DoorEvent.NOT_PASSED, grant.deadlineNanos, grant.sequence, 0);
    }

    private void heldTooLong() {
        List<Runnable> later = new ArrayList<>();
        synchronized (this) {
            if (closed || !open) {
                return;
            }
            long now = monotonic.getAsLong();
            long openMillis = Math.max(1, (now - openedNanos) / 1_000_000);
            counts.heldOpen++;
            eventful = true;
            later.add(() -> write(DoorEvent.HELD_OPEN, now, 0, openMillis));
            sound(Alarm.HELD_OPEN, later);
        }
        later.forEach(Runnable::run);
    }

    /** Starts (or raises to) the alarm {@code wanted} and plays its pattern now; repeats follow from the timer. */
    private void sound(Alarm wanted, List<Runnable> later) {
        if (wanted.ordinal() > alarm.ordinal()) {
            alarm = wanted;
        }
        alarmTimer.cancel();
        Response pattern = pattern(alarm);
        later.add(() -> feedback.alarm(pattern, config.alarmRepeat().multipliedBy(2)));
        alarmTimer = delays.schedule(config.alarmRepeat(), this::repeatAlarm);
    }

    private void repeatAlarm() {
        List<Runnable> later = new ArrayList<>();
        synchronized (this) {
            if (closed || alarm == Alarm.NONE) {
                return;
            }
            boolean over = !open && (alarm == Alarm.HELD_OPEN || monotonic.getAsLong() - forcedUntilNanos >= 0);
            if (over) {
                silence(later);
            } else {
                sound(alarm, later);
            }
        }
        later.forEach(Runnable::run);
    }

    private void silence(List<Runnable> later) {
        alarm = Alarm.NONE;
        alarmTimer.cancel();
        later.add(feedback::endAlarm);
    }

    private Response pattern(Alarm which) {
        return FeedbackTable.response(which == Alarm.HELD_OPEN ? config.heldOpen() : config.forced());
    }

    /** Writes one door record; its sequence number, or 0 when the log could not write it (a gap follows). */
    private long write(DoorEvent event, long nanos, long grantSequence, long openMillis) {
        Appended appended = log.append(new DoorRecord(clock.instant(), event, nanos, grantSequence, openMillis));
        if (appended instanceof Appended.Written written) {
            if (event == DoorEvent.FORCED || event == DoorEvent.HELD_OPEN) {
                Logger.warn("door {} (seq {})", event, written.sequence());
            } else {
                Logger.info("door {} (seq {}{})", event, written.sequence(),
                        grantSequence > 0 ? ", grant seq " + grantSequence : "");
            }
            return written.sequence();
        }
        synchronized (this) {
            counts.unlogged++;
        }
        Logger.warn("door {} not written to the entry log: {}", event, ((Appended.Lost) appended).detail());
        return 0;
    }

    /** Whether a door contact or an exit button is wired: else there is nothing to show. */
    public boolean wired() {
        return contact.isPresent() || exitWired;
    }

    /** The door now, and the counts since start, for {@code passgate status}. */
    public synchronized DoorState state() {
        String door = contact.isEmpty() ? "no contact" : open ? "open" : "closed";
        return new DoorState(door, alarm.name().toLowerCase(java.util.Locale.ROOT),
                contact.map(DigitalInput::health).orElse("none"), counts.passed, counts.notPassed, counts.forced,
                counts.heldOpen, counts.exits, counts.unlogged);
    }

    /** Stops listening (inputs are closed by their owner), cancels the timers and silences an alarm. */
    @Override
    public void close() {
        boolean sounding;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            heldTimer.cancel();
            alarmTimer.cancel();
            grants.forEach(grant -> grant.expiry.cancel());
            grants.clear();
            sounding = alarm != Alarm.NONE;
            alarm = Alarm.NONE;
        }
        if (sounding) {
            feedback.endAlarm();
        }
    }

    /** The alarm sounding, in rising order: a held-open alarm takes over from a forced one. */
    private enum Alarm {
        NONE, FORCED, HELD_OPEN
    }

    /**
     * One opening granted and not yet passed, until {@code deadlineNanos} (monotonic: the relay releases); identity
     * matters, several may have the same sequence (0).
     */
    private static final class Grant {
        private final long sequence;
        private final long deadlineNanos;
        private Cancellable expiry = NOTHING;

        private Grant(long sequence, long deadlineNanos) {
            this.sequence = sequence;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private static final class Counts {
        private long passed;
        private long notPassed;
        private long forced;
        private long heldOpen;
        private long exits;
        private long unlogged;
    }
}
