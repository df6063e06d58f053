package dev.passgate.daemon.feedback;

import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.Buzzer;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.StatusLight;
import java.time.Duration;
import java.util.List;

/**
 * Gives the configured response to a verdict on every output device: light, buzzer and door relay. The light
 * returns to its idle colour (off unless {@link #idle} said otherwise) after the hold time unless a newer decision
 * replaced it. {@link #close} puts every device in
 * its safe state (light off, buzzer silent, relay released).
 */
public final class Feedback implements AutoCloseable {
    private FeedbackTable table;
    private final List<StatusLight> lights;
    private final List<Buzzer> buzzers;
    private final List<DoorRelay> relays;
    private final Delays delays;
    private Duration hold;
    private Cancellable pendingReset = () -> { };
    private LightColor idle = LightColor.OFF;
    private boolean holding;

    public Feedback(FeedbackTable table, List<StatusLight> lights, List<Buzzer> buzzers, List<DoorRelay> relays,
                    Delays delays, Duration hold) {
        this.table = table;
        this.lights = List.copyOf(lights);
        this.buzzers = List.copyOf(buzzers);
        this.relays = List.copyOf(relays);
        this.delays = delays;
        this.hold = hold;
    }

    public synchronized Response give(Verdict verdict) {
        Response response = table.responseTo(verdict);
        pendingReset.cancel();
        lights.forEach(light -> light.show(response.light()));
        buzzers.forEach(buzzer -> buzzer.play(response.buzzer()));
        if (response.opensDoor()) {
            relays.forEach(relay -> relay.pulse(response.relay()));
        }
        holding = true;
        pendingReset = delays.schedule(hold, this::lightsOff);
        return response;
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

    private synchronized void lightsOff() {
        holding = false;
        lights.forEach(light -> light.show(idle));
    }

    @Override
    public synchronized void close() {
        pendingReset.cancel();
        relays.forEach(DoorRelay::close);
        buzzers.forEach(Buzzer::close);
        lights.forEach(StatusLight::close);
    }
}
