package dev.passgate.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A USB camera that reads QR codes: {@code [scan.camera]} in the file.
 *
 * <p>{@code driver} picks how frames are captured: {@link Driver#FFMPEG} runs the {@code ffmpeg} executable on the
 * V4L2 {@code device} (works on every architecture, the Raspberry Pi's 64-bit OS included), and
 * {@link Driver#WEBCAM_CAPTURE_DEFAULT} uses webcam-capture's stock native driver (x86 desktops only) and picks the
 * first camera whose name contains {@code device}. {@code inputFormat} is what the camera is asked to send
 * ({@code "mjpeg"}, {@code "yuyv422"}; empty for its default), for the ffmpeg driver only. Frames are
 * {@code width x height} at {@code fps}. The same code held in view is reported once per {@code repeatInterval};
 * a camera that fails or disappears is reopened after {@code reopenInterval}, then less often while it stays away.
 * This record does not check that the device or ffmpeg exist; the camera source reports that.
 */
public record CameraConfig(boolean enabled, Driver driver, String device, String inputFormat, int width, int height,
                           int fps, Duration repeatInterval, Duration reopenInterval, String ffmpeg) {

    /** How frames are captured; the file spells them {@code ffmpeg} and {@code webcam-capture-default}. */
    public enum Driver {
        FFMPEG("ffmpeg"), WEBCAM_CAPTURE_DEFAULT("webcam-capture-default");

        private final String spelling;

        Driver(String spelling) {
            this.spelling = spelling;
        }

        /** The name the configuration file uses. */
        public String spelling() {
            return spelling;
        }
    }

    public static final boolean DEFAULT_ENABLED = false;
    public static final Driver DEFAULT_DRIVER = Driver.FFMPEG;
    public static final String DEFAULT_DEVICE = "/dev/video0";
    /** Accepted input formats: empty, or an ffmpeg pixel-format or codec name. */
    public static final Pattern INPUT_FORMAT_PATTERN = Pattern.compile("[a-z0-9_]{0,32}");
    public static final String DEFAULT_INPUT_FORMAT = "";
    public static final IntRange WIDTH_RANGE = new IntRange(160, 1920);
    public static final int DEFAULT_WIDTH = 1280;
    public static final IntRange HEIGHT_RANGE = new IntRange(120, 1080);
    public static final int DEFAULT_HEIGHT = 720;
    public static final IntRange FPS_RANGE = new IntRange(1, 60);
    public static final int DEFAULT_FPS = 15;
    public static final IntRange REPEAT_INTERVAL_MS_RANGE = new IntRange(500, 600_000);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofMillis(10_000);
    public static final IntRange REOPEN_INTERVAL_MS_RANGE = new IntRange(100, 60_000);
    public static final Duration DEFAULT_REOPEN_INTERVAL = Duration.ofMillis(1000);
    public static final String DEFAULT_FFMPEG = "ffmpeg";
    /** The camera section with every value at its default. */
    public static final CameraConfig DEFAULTS = new CameraConfig(DEFAULT_ENABLED, DEFAULT_DRIVER, DEFAULT_DEVICE,
            DEFAULT_INPUT_FORMAT, DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS, DEFAULT_REPEAT_INTERVAL,
            DEFAULT_REOPEN_INTERVAL, DEFAULT_FFMPEG);

    /** Rejects a missing value, an empty device or ffmpeg, a bad input format or a number out of range. */
    public CameraConfig {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(inputFormat, "inputFormat");
        Objects.requireNonNull(ffmpeg, "ffmpeg");
        if (device.isEmpty() || ffmpeg.isEmpty()) {
            throw new IllegalArgumentException("device and ffmpeg: found \"" + device + "\" and \"" + ffmpeg
                    + "\", expected non-empty strings");
        }
        if (!INPUT_FORMAT_PATTERN.matcher(inputFormat).matches()) {
            throw new IllegalArgumentException("inputFormat: found \"" + inputFormat + "\", expected "
                    + INPUT_FORMAT_PATTERN.pattern());
        }
        WIDTH_RANGE.check("width", width);
        HEIGHT_RANGE.check("height", height);
        FPS_RANGE.check("fps", fps);
        REPEAT_INTERVAL_MS_RANGE.checkMillis("repeatInterval", repeatInterval);
        REOPEN_INTERVAL_MS_RANGE.checkMillis("reopenInterval", reopenInterval);
    }
}
