package dev.passgate.daemon.feedback;

import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.Buzzer;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ReaderFeedback;
import dev.passgate.hal.Speaker;
import dev.passgate.hal.StatusLight;
import dev.passgate.hal.timing.LightPlayer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Gives the configured response to a verdict on every output device: light (steady or as its pattern), buzzer,
 * speaker clip, door relay, and the readers' own confirmation. The light returns to its idle colour (off unless
 * {@link #idle} said otherwise) after the hold time unless a newer decision replaced it. {@link #close} puts every
 * device in its safe state (light off, buzzer silent, speaker stopped, relay released).
 *
 * <p>Every door opening goes through {@link #openDoor}, whoever grants it (a scan, staff, the exit button): the
 * {@link DoorGrants} listeners hear of it before the relay is energised, so a door monitor never sees the door open
 * before it knows of the grant. An alarm ({@link #alarm}) shows on the light, buzzer and speaker like a verdict but
 * tells no reader and opens no door; a verdict shown meanwhile replaces it until the alarm's next repetition.
 */
public final class Feedback implements AutoCloseable {
    private FeedbackTable table;
    private final List<LightPlayer> lights;
    private final List<Buzzer> buzzers;
    private final List<DoorRelay> relays;
    private final List<Speaker> speakers;
    private final List<ReaderFeedback> readers = new CopyOnWriteArrayList<>();
    private final Delays delays;
    private Duration hold;
    private Cancellable pendingReset = () -> { };
    private LightColor idle = LightColor.OFF;
    private boolean holding;
    private boolean alarming;
    private final List<DoorGrants> grants = new CopyOnWriteArrayList<>();

    /** Told of every door opening, before the relay is energised; must not block. */
    public interface DoorGrants {
        /**
         * The relays are about to be energised for {@code relay}; {@code sequence} is the entry-log record that
         * granted the opening, or 0 when there is none (the record was not written, or the caller has none).
         */
        void granted(Duration relay, long sequence);
    }

    public Feedback(FeedbackTable table, List<StatusLight> lights, List<Buzzer> buzzers, List<DoorRelay> relays,
                    Delays delays, Duration hold) {
        this(table, lights, buzzers, relays, List.of(), List.of(), delays, hold);
    }

    /** Feedback that also plays clips on the speakers and sends the readers their confirmation. */
    public Feedback(FeedbackTable table, List<StatusLight> lights, List<Buzzer> buzzers, List<DoorRelay> relays,
                    List<Speaker> speakers, List<ReaderFeedback> readers, Delays delays, Duration hold) {
        this.table = table;
        this.lights = lights.stream().map(light -> new LightPlayer(delays, light)).toList();
        this.buzzers = List.copyOf(buzzers);
        this.relays = List.copyOf(relays);
        this.speakers = List.copyOf(speakers);
        this.readers.addAll(readers);
        this.delays = delays;
        this.hold = hold;
    }

    public synchronized Response give(Verdict verdict) {
        return give(verdict, null);
    }

    /** Gives the response to the verdict, or to its reason when a reason rule matches it: signals, then the door. */
    public synchronized Response give(Verdict verdict, String reason) {
        Response response = signal(verdict, reason);
        openDoor(response);
        return response;
    }

    /**
     * Shows the response to the holder (light, buzzer, clip, the reader's own confirmation) without opening the
     * door; {@link #openDoor} does that. The gate signals first and opens the door once the decision's entry-log
     * record is written, so the holder hears the answer at once and no door opens without its record.
     */
    public synchronized Response signal(Verdict verdict, String reason) {
        return signal(verdict, reason, hold);
    }

    /**
     * As {@link #signal(Verdict, String)}, with the light held for {@code holdFor} instead of the configured hold time
     * (a wait for staff shows its pattern for the whole window), unless a newer decision replaces it.
     */
    public synchronized Response signal(Verdict verdict, String reason, Duration holdFor) {
        Response response = table.responseTo(verdict, reason);
        pendingReset.cancel();
        lights.forEach(light -> light.play(response.lightSequence()));
        buzzers.forEach(buzzer -> buzzer.play(response.buzzer()));
        speakers.forEach(speaker -> speaker.play(response.clip()));
        readers.forEach(reader -> reader.confirm(response.opensDoor()));
        holding = true;
        alarming = false;
        pendingReset = delays.schedule(holdFor, this::lightsOff);
        return response;
    }

    /** Shows the fail-closed answer ({@link FeedbackTable#failClosed}): the door stays shut. */
    public synchronized Response signalFailClosed() {
        Response response = FeedbackTable.failClosed();
        pendingReset.cancel();
        lights.forEach(light -> light.play(response.lightSequence()));
        buzzers.forEach(buzzer -> buzzer.play(response.buzzer()));
        readers.forEach(reader -> reader.confirm(false));
        holding = true;
        pendingReset = delays.schedule(hold, this::lightsOff);
        return response;
    }

    /** Pulses the door relays when the response opens the door; does nothing otherwise. No record grants it. */
    public void openDoor(Response response) {
        openDoor(response, 0);
    }

    /**
     * Pulses the door relays when the response opens the door, after telling the {@link DoorGrants} listeners that
     * record {@code sequence} (0: none) granted it; does nothing otherwise. The listeners are called outside this
     * object's lock.
     */
    public void openDoor(Response response, long sequence) {
        if (!response.opensDoor()) {
            return;
        }
        grants.forEach(listener -> listener.granted(response.relay(), sequence));
        synchronized (this) {
            relays.forEach(relay -> relay.pulse(response.relay()));
        }
    }

    /** Adds a listener told of every door opening ({@link #openDoor}). */
    public void onGrant(DoorGrants listener) {
        grants.add(listener);
    }

    /**
     * Plays an alarm: the response's light sequence, buzzer pattern and clip, without telling the readers and
     * without opening the door. The light returns to idle after {@code lasting} unless the alarm is played again
     * (the caller repeats it while it sounds), a verdict replaces it, or {@link #endAlarm} ends it first.
     */
    public synchronized void alarm(Response response, Duration lasting) {
        pendingReset.cancel();
        lights.forEach(light -> light.play(response.lightSequence()));
        buzzers.forEach(buzzer -> buzzer.play(response.buzzer()));
        speakers.forEach(speaker -> speaker.play(response.clip()));
        holding = true;
        alarming = true;
        pendingReset = delays.schedule(lasting, this::lightsOff);
    }

    /** Silences the alarm and returns the light to idle, unless a verdict has replaced the alarm meanwhile. */
    public synchronized void endAlarm() {
        if (!alarming) {
            return;
        }
        pendingReset.cancel();
        buzzers.forEach(buzzer -> buzzer.play(BuzzerPattern.NONE));
        lightsOff();
    }

    /**
     * Takes a new verdict table and hold time (a configuration reload) for the next verdict; a verdict being held
     * keeps its light until its own hold time ends.
     */
    public synchronized void reconfigure(FeedbackTable newTable, Duration newHold) {
        table = newTable;
        hold = newHold;
    }

    /**
     * Sets the colour the light returns to between verdicts (off normally; amber while the trust data is old). It
     * shows at once unless a verdict is being held, and then when the hold ends.
     */
    public synchronized void idle(LightColor color) {
        idle = color;
        if (!holding) {
            lights.forEach(light -> light.show(color));
        }
    }

    /** Adds a reader that confirms decisions itself; readers are built after the feedback. */
    public void addReader(ReaderFeedback reader) {
        readers.add(reader);
    }

    /** The speakers' health, for status and the start-up report. */
    public List<String> speakerHealth() {
        return speakers.stream().map(Speaker::health).toList();
    }

    private synchronized void lightsOff() {
        holding = false;
        alarming = false;
        lights.forEach(light -> light.show(idle));
    }

    @Override
    public synchronized void close() {
        pendingReset.cancel();
        relays.forEach(DoorRelay::close);
        buzzers.forEach(Buzzer::close);
        speakers.forEach(Speaker::close);
        lights.forEach(LightPlayer::close);
    }
}
