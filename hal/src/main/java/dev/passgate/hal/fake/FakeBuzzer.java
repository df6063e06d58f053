package dev.passgate.hal.fake;

import dev.passgate.hal.Buzzer;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.Delays;
import dev.passgate.hal.timing.PatternPlayer;
import java.util.Objects;

/**
 * A buzzer that records, as device {@code "buzzer"}, {@code "on"} and {@code "off"} each time the sound starts or
 * stops, timed by the same {@link PatternPlayer} as the real buzzer; a new pattern replaces the one playing.
 * Close records {@code "off"} if sounding, then {@code "closed"}; later calls are ignored. Thread-safe.
 */
public final class FakeBuzzer implements Buzzer {
    public static final String DEVICE = "buzzer";

    private final Timeline timeline;
    private final PatternPlayer player;
    private volatile boolean sounding;
    private boolean closed;

    public FakeBuzzer(Timeline timeline, Delays delays) {
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.player = new PatternPlayer(delays, this::set);
    }

    @Override
    public void play(BuzzerPattern pattern) {
        player.play(pattern);
    }

    /** Whether the buzzer is sounding now. */
    public boolean sounding() {
        return sounding;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        player.close();
        timeline.record(DEVICE, "closed");
    }

    private void set(boolean on) {
        sounding = on;
        timeline.record(DEVICE, on ? "on" : "off");
    }
}
