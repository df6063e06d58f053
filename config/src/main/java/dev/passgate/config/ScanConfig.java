package dev.passgate.config;

import java.util.Objects;

/**
 * Where scanned codes come from and how long one may be: {@code [scan]} in the file. {@code maxLength} is in
 * characters; the scan sources drop longer input before anything parses it.
 */
public record ScanConfig(int maxLength, StdinConfig stdin, SerialConfig serial, WedgeConfig wedge,
                         CameraConfig camera) {

    /** The accepted code length limit in characters. */
    public static final IntRange MAX_LENGTH_RANGE = new IntRange(64, 16_384);
    /** The code length limit used when the file names none. */
    public static final int DEFAULT_MAX_LENGTH = 8192;
    /** The scan section with every value at its default. */
    public static final ScanConfig DEFAULTS = new ScanConfig(DEFAULT_MAX_LENGTH, StdinConfig.DEFAULTS,
            SerialConfig.DEFAULTS, WedgeConfig.DEFAULTS, CameraConfig.DEFAULTS);

    /** A scan section without a keyboard-wedge reader or a camera. */
    public ScanConfig(int maxLength, StdinConfig stdin, SerialConfig serial) {
        this(maxLength, stdin, serial, WedgeConfig.DEFAULTS, CameraConfig.DEFAULTS);
    }

    /** Rejects a missing section or a length limit outside {@link #MAX_LENGTH_RANGE}. */
    public ScanConfig {
        MAX_LENGTH_RANGE.check("maxLength", maxLength);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(wedge, "wedge");
        Objects.requireNonNull(camera, "camera");
    }
}
