package dev.passgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A USB keyboard-wedge scanner read as a Linux input device: {@code [scan.wedge]} in the file.
 *
 * <p>{@code device} is an evdev node, best a stable {@code /dev/input/by-id/...-event-kbd} link. {@code layout}
 * says how long one {@code struct input_event} is ({@link EventLayout#AUTO}: as the JVM's data model).
 * {@code terminator} says which key ends a code; with {@link WedgeTerminator#IDLE} a code ends once no key came
 * for {@code idleTimeout}. {@code grab} takes the device for the kiosk alone (EVIOCGRAB), so scanned text never
 * reaches a console. After the device disappears it is reopened every {@code reopenInterval}. This record does
 * not check that the device exists; the reader reports that.
 */
public record WedgeConfig(boolean enabled, String device, EventLayout layout, WedgeTerminator terminator,
                          Duration idleTimeout, boolean grab, Duration reopenInterval) {

    /** Whether the wedge scanner is used when the file does not say. */
    public static final boolean DEFAULT_ENABLED = false;
    /** The device used when the file names none: an example of the by-id names readers get. */
    public static final String DEFAULT_DEVICE = "/dev/input/by-id/usb-Barcode_Scanner-event-kbd";
    /** The event layout used when the file names none. */
    public static final EventLayout DEFAULT_LAYOUT = EventLayout.AUTO;
    /** The terminator used when the file names none. */
    public static final WedgeTerminator DEFAULT_TERMINATOR = WedgeTerminator.ENTER;
    /** The accepted idle timeout in milliseconds. */
    public static final IntRange IDLE_TIMEOUT_MS_RANGE = new IntRange(10, 5000);
    /** The idle timeout used when the file names none. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMillis(80);
    /** Whether the device is grabbed when the file does not say. */
    public static final boolean DEFAULT_GRAB = true;
    /** The accepted reopen interval in milliseconds. */
    public static final IntRange REOPEN_INTERVAL_MS_RANGE = new IntRange(100, 60_000);
    /** The reopen interval used when the file names none. */
    public static final Duration DEFAULT_REOPEN_INTERVAL = Duration.ofMillis(1000);
    /** The wedge section with every value at its default. */
    public static final WedgeConfig DEFAULTS = new WedgeConfig(DEFAULT_ENABLED, DEFAULT_DEVICE, DEFAULT_LAYOUT,
            DEFAULT_TERMINATOR, DEFAULT_IDLE_TIMEOUT, DEFAULT_GRAB, DEFAULT_REOPEN_INTERVAL);

    /** Rejects a missing value, an empty device path or a time out of range. */
    public WedgeConfig {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(terminator, "terminator");
        if (device.isEmpty()) {
            throw new IllegalArgumentException("device: found \"\", expected a non-empty device path");
        }
        IDLE_TIMEOUT_MS_RANGE.checkMillis("idleTimeout", idleTimeout);
        REOPEN_INTERVAL_MS_RANGE.checkMillis("reopenInterval", reopenInterval);
    }
}
