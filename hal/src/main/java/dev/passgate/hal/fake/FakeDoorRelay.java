package dev.passgate.hal.fake;

import dev.passgate.hal.Delays;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.timing.PulseTimer;
import java.time.Duration;
import java.util.Objects;

/**
 * A door relay that records, as device {@code "relay"}, {@code "on"} when it becomes energised and {@code "off"}
 * when released, timed by the same {@link PulseTimer} as the real relay (capped at {@code maxOn}, a pulse during a
 * pulse restarts the timer without a new "on", a zero pulse does nothing). Close records {@code "off"} if
 * energised, then {@code "closed"}; later calls are ignored. Thread-safe.
 */
public final class FakeDoorRelay implements DoorRelay {
    public static final String DEVICE = "relay";

    private final Timeline timeline;
    private final PulseTimer timer;
    private volatile boolean energised;
    private boolean closed;

    public FakeDoorRelay(Timeline timeline, Duration maxOn, Delays delays) {
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.timer = new PulseTimer(delays, maxOn, new PulseTimer.Coil() {
            @Override
            public void energise(Duration onFor) {
                if (!energised) {
                    energised = true;
                    timeline.record(DEVICE, "on");
                }
            }

            @Override
            public void release() {
                energised = false;
                timeline.record(DEVICE, "off");
            }
        });
    }

    @Override
    public void pulse(Duration duration) {
        timer.pulse(duration);
    }

    /** Whether the relay is energised now. */
    public boolean energised() {
        return energised;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.close();
        timeline.record(DEVICE, "closed");
    }
}
