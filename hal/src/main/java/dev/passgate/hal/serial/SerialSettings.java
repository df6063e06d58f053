package dev.passgate.hal.serial;

import dev.passgate.hal.scan.Framing;
import java.time.Duration;
import java.util.Objects;

/**
 * How to talk to a serial barcode reader. {@code port} is a device path such as {@code /dev/ttyACM0} or a stable
 * symlink such as {@code /dev/serial/by-id/...}; 8 data bits, no parity, one stop bit and no flow control are
 * assumed, which is what barcode readers use. {@code idleTimeout} ends a code under {@link Framing#IDLE} and is
 * ignored otherwise. {@code reopenInterval} is the wait between attempts to open a missing port.
 * {@code maxLength} bounds a code in characters (one byte each).
 */
public record SerialSettings(String port, int baud, Framing framing, Duration idleTimeout, Duration reopenInterval,
                             int maxLength) {
    public SerialSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(framing, "framing of " + port);
        Objects.requireNonNull(idleTimeout, "idleTimeout of " + port);
        Objects.requireNonNull(reopenInterval, "reopenInterval of " + port);
        if (port.isBlank()) {
            throw new IllegalArgumentException("serial port must be a device path, found a blank string");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("baud rate of " + port + " must be positive, found " + baud);
        }
        requirePositive(port, "idle timeout", idleTimeout);
        requirePositive(port, "reopen interval", reopenInterval);
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum code length of " + port + " must be at least 1, found "
                    + maxLength);
        }
    }

    private static void requirePositive(String port, String what, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " of " + port + " must be positive, found " + value);
        }
    }
}
