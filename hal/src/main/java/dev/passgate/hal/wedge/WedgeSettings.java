package dev.passgate.hal.wedge;

import java.time.Duration;
import java.util.Objects;

/**
 * How to read a keyboard-wedge scanner: the evdev {@code device} (best a {@code /dev/input/by-id/...-event-kbd}
 * link, which comes back under the same name after a replug), the {@link EventLayout}, what ends a code, the
 * pause that ends one under {@link Terminator#IDLE}, whether to grab the device, the wait between attempts to
 * reopen it, and the longest code in characters.
 */
public record WedgeSettings(String device, EventLayout layout, Terminator terminator, Duration idleTimeout,
                            boolean grab, Duration reopenInterval, int maxLength) {
    /** What ends a code: Enter (main or keypad), Tab, or a pause of {@code idleTimeout}. */
    public enum Terminator { ENTER, TAB, IDLE }

    public WedgeSettings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(layout, "layout of " + device);
        Objects.requireNonNull(terminator, "terminator of " + device);
        Objects.requireNonNull(idleTimeout, "idleTimeout of " + device);
        Objects.requireNonNull(reopenInterval, "reopenInterval of " + device);
        if (device.isBlank()) {
            throw new IllegalArgumentException("wedge device must be a path, found a blank string");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || reopenInterval.isNegative()
                || reopenInterval.isZero()) {
            throw new IllegalArgumentException("idle timeout and reopen interval of " + device
                    + " must be positive, found " + idleTimeout + " and " + reopenInterval);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum code length of " + device + " must be at least 1, found "
                    + maxLength);
        }
    }
}
