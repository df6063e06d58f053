package dev.passgate.daemon.scan;

import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.ds.buildin.WebcamDefaultDriver;
import dev.passgate.config.CameraConfig;
import dev.passgate.hal.FrameSource;
import dev.passgate.hal.camera.CameraScanSource;
import dev.passgate.hal.camera.FfmpegSettings;
import dev.passgate.hal.camera.FfmpegWebcamDriver;
import dev.passgate.hal.camera.Presence;
import dev.passgate.hal.camera.WebcamFrameSource;
import java.awt.Dimension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Builds the camera reader that {@code [scan.camera]} describes, and checks whether its camera is there.
 *
 * <p>With {@code driver = "ffmpeg"} the frames come from passgate's webcam-capture driver ({@link FfmpegWebcamDriver})
 * through its zero-copy {@link FrameSource} view; with {@code "webcam-capture-default"} from webcam-capture's stock
 * native driver through {@link WebcamFrameSource}. Either way a {@link CameraDecoder} reads the frames and a
 * {@link CameraScanSource} reports each code once per {@code repeat_interval_ms}.
 */
public final class Cameras {
    private Cameras() {
    }

    /** The camera reader, not started. Codes longer than {@code maxLength} are cut and marked over-length. */
    public static CameraScanSource source(CameraConfig camera, int maxLength, LongSupplier nanoTime) {
        return new CameraScanSource(frames(camera, nanoTime), new CameraDecoder(), camera.repeatInterval(),
                maxLength);
    }

    /**
     * The reader the {@code ffmpeg} driver builds, for any ffmpeg input: a V4L2 camera in production, a video file
     * in tests, through the same driver, pipe, decoder and repeat filter.
     */
    public static CameraScanSource source(FfmpegSettings settings, Duration repeatInterval, int maxLength,
                                          LongSupplier nanoTime) {
        return new CameraScanSource(ffmpegFrames(settings, nanoTime), new CameraDecoder(), repeatInterval, maxLength);
    }

    /** The frame source alone, as {@link #source} uses it. */
    public static FrameSource frames(CameraConfig camera, LongSupplier nanoTime) {
        return switch (camera.driver()) {
            case FFMPEG -> ffmpegFrames(ffmpegSettings(camera), nanoTime);
            case WEBCAM_CAPTURE_DEFAULT -> new WebcamFrameSource("camera:" + camera.device(), WebcamDefaultDriver::new,
                    camera.device(), new Dimension(camera.width(), camera.height()), camera.fps(),
                    camera.reopenInterval(), nanoTime);
        };
    }

    private static FrameSource ffmpegFrames(FfmpegSettings settings, LongSupplier nanoTime) {
        return new FfmpegWebcamDriver(List.of(settings), nanoTime).ffmpegDevices().get(0).frames();
    }

    /** The ffmpeg command the {@code ffmpeg} driver runs for this configuration. */
    public static FfmpegSettings ffmpegSettings(CameraConfig camera) {
        return FfmpegSettings.v4l2(camera.ffmpeg(), Path.of(camera.device()), camera.inputFormat(), camera.width(),
                camera.height(), camera.fps(), camera.reopenInterval());
    }

    /**
     * Whether the configured camera looks usable, without opening it (for {@code passgate test-io}): for the
     * ffmpeg driver, that the executable is found and the device file exists; for the stock driver, that
     * webcam-capture loads on this machine and lists a camera whose name contains {@code device}.
     */
    public static Presence presence(CameraConfig camera) {
        if (camera.driver() == CameraConfig.Driver.FFMPEG) {
            return Presence.ofFfmpeg(ffmpegSettings(camera));
        }
        try {
            List<WebcamDevice> devices = new WebcamDefaultDriver().getDevices();
            for (WebcamDevice device : devices) {
                if (device.getName().contains(camera.device())) {
                    return new Presence(true, "webcam-capture lists camera '" + device.getName() + "'");
                }
            }
            return new Presence(false, "webcam-capture lists no camera named like '" + camera.device() + "' among "
                    + devices.size());
        } catch (RuntimeException | LinkageError e) {
            return new Presence(false, "webcam-capture's stock driver cannot run here: "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
