package dev.passgate.hal.fake;

import dev.passgate.hal.LightColor;
import dev.passgate.hal.StatusLight;
import java.util.Objects;

/**
 * A status light that records colour changes on a {@link Timeline} as device {@code "light"}: {@code "GREEN"},
 * {@code "OFF"}, ... and {@code "closed"}. Showing the colour already shown records nothing, like a real LED that
 * does not flicker. Close records {@code "OFF"} if the light was on, then {@code "closed"}; later calls are ignored.
 * Thread-safe.
 */
public final class FakeStatusLight implements StatusLight {
    public static final String DEVICE = "light";

    private final Timeline timeline;
    private LightColor color = LightColor.OFF;
    private boolean closed;

    public FakeStatusLight(Timeline timeline) {
        this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

    @Override
    public synchronized void show(LightColor wanted) {
        Objects.requireNonNull(wanted, "color");
        if (closed || wanted == color) {
            return;
        }
        color = wanted;
        timeline.record(DEVICE, wanted.name());
    }

    /** The colour the light shows now. */
    public synchronized LightColor color() {
        return color;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        show(LightColor.OFF);
        closed = true;
        timeline.record(DEVICE, "closed");
    }
}
