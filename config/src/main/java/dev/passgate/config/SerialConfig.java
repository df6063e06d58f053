package dev.passgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scanner on a serial port: {@code [scan.serial]} in the file.
 *
 * <p>{@code framing} says how one code ends; with {@link Framing#IDLE} a code ends when no byte arrived for
 * {@code idleTimeout}. After the port fails or disappears the daemon tries to open it again every
 * {@code reopenInterval}. This record does not check that the port exists; the serial driver reports that.
 *
 * <p>{@code profile}, {@code acceptCommand} and {@code refuseCommand} are the reader's confirmation commands,
 * written as hex bytes ({@code "16 54 0D"}); see {@link ReaderProfile}. Both are empty unless the file says.
 */
public record SerialConfig(boolean enabled, String port, int baud, Framing framing, Duration idleTimeout,
                           Duration reopenInterval, ReaderProfile profile, String acceptCommand,
                           String refuseCommand) {

    /** Whether the serial scanner is used when the file does not say. */
    public static final boolean DEFAULT_ENABLED = false;
    /** The device path used when the file names none. */
    public static final String DEFAULT_PORT = "/dev/ttyACM0";
    /** The accepted line speeds in bits per second. */
    public static final List<Integer> BAUD_RATES =
            List.of(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600);
    /** The line speed used when the file names none. */
    public static final int DEFAULT_BAUD = 9600;
    /** The framing used when the file names none. */
    public static final Framing DEFAULT_FRAMING = Framing.CR;
    /** The accepted idle timeout in milliseconds. */
    public static final IntRange IDLE_TIMEOUT_MS_RANGE = new IntRange(10, 5000);
    /** The idle timeout used when the file names none. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMillis(80);
    /** The accepted reopen interval in milliseconds. */
    public static final IntRange REOPEN_INTERVAL_MS_RANGE = new IntRange(100, 60_000);
    /** The reopen interval used when the file names none. */
    public static final Duration DEFAULT_REOPEN_INTERVAL = Duration.ofMillis(1000);
    /** The reader profile used when the file names none. */
    public static final ReaderProfile DEFAULT_PROFILE = ReaderProfile.NONE;
    /** The shape of a reader command: up to 64 bytes as pairs of hex digits, optionally separated by spaces. */
    public static final Pattern COMMAND_PATTERN =
            Pattern.compile("(?:[0-9A-Fa-f]{2}(?: ?(?=[0-9A-Fa-f]))?){0,64}");
    /** The serial section with every value at its default. */
    public static final SerialConfig DEFAULTS = new SerialConfig(DEFAULT_ENABLED, DEFAULT_PORT, DEFAULT_BAUD,
            DEFAULT_FRAMING, DEFAULT_IDLE_TIMEOUT, DEFAULT_REOPEN_INTERVAL);

    /** A serial section without reader confirmation commands (profile {@code none}). */
    public SerialConfig(boolean enabled, String port, int baud, Framing framing, Duration idleTimeout,
                        Duration reopenInterval) {
        this(enabled, port, baud, framing, idleTimeout, reopenInterval, DEFAULT_PROFILE, "", "");
    }

    /** Rejects a missing value, an empty port, a baud rate not in {@link #BAUD_RATES} or a time out of range. */
    public SerialConfig {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(framing, "framing");
        if (port.isEmpty()) {
            throw new IllegalArgumentException("port: found \"\", expected a non-empty device path");
        }
        if (!BAUD_RATES.contains(baud)) {
            throw new IllegalArgumentException("baud: found " + baud + ", expected one of " + BAUD_RATES);
        }
        IDLE_TIMEOUT_MS_RANGE.checkMillis("idleTimeout", idleTimeout);
        REOPEN_INTERVAL_MS_RANGE.checkMillis("reopenInterval", reopenInterval);
        Objects.requireNonNull(profile, "profile");
        checkCommand("acceptCommand", acceptCommand);
        checkCommand("refuseCommand", refuseCommand);
    }

    private static void checkCommand(String field, String command) {
        Objects.requireNonNull(command, field);
        if (!COMMAND_PATTERN.matcher(command).matches()) {
            throw new IllegalArgumentException(field + ": found \"" + command + "\", expected hex bytes");
        }
    }
}
