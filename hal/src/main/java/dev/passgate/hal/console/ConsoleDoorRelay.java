package dev.passgate.hal.console;

import dev.passgate.hal.Delays;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.timing.PulseTimer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A door relay for the demo: prints {@code [door] open for 3.0 s} on each accepted pulse (with the time after
 * the {@code maxOn} cap) and {@code [door] closed} when the same {@link PulseTimer} as the real relay releases
 * it, which happens on the {@link Delays} thread. A pulse of zero prints nothing. Close prints
 * {@code [door] closed} if the door was open; later calls are ignored. Thread-safe.
 */
public final class ConsoleDoorRelay implements DoorRelay {
    private final PulseTimer timer;

    public ConsoleDoorRelay(PrintStream out, Duration maxOn, Delays delays) {
        Objects.requireNonNull(out, "out");
        this.timer = new PulseTimer(delays, maxOn, new PulseTimer.Coil() {
            @Override
            public void energise(Duration onFor) {
                out.println(String.format(Locale.ROOT, "[door] open for %.1f s", onFor.toMillis() / 1000.0));
            }

            @Override
            public void release() {
                out.println("[door] closed");
            }
        });
    }

    @Override
    public void pulse(Duration duration) {
        timer.pulse(duration);
    }

    @Override
    public void close() {
        timer.close();
    }
}
