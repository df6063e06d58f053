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
 * returns to off after the hold time unless a newer decision replaced it. {@link #close} puts every device in
 * its safe state (light off, buzzer silent, relay released).
 */
public final class Feedback implements AutoCloseable {
    private final FeedbackTable table;
    private final List<StatusLight> lights;
    private final List<Buzzer> buzzers;
    private final List<DoorRelay> relays;
    private final Delays delays;
    private final Duration hold;
    private Cancellable pendingReset = () -> { };

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
        pendingReset = delays.schedule(hold, this::lightsOff);
        return response;
    }

    private synchronized void lightsOff() {
        lights.forEach(light -> light.show(LightColor.OFF));
    }

    @Override
    public synchronized void close() {
        pendingReset.cancel();
        relays.forEach(DoorRelay::close);
        buzzers.forEach(Buzzer::close);
        lights.forEach(StatusLight::close);
    }
}
