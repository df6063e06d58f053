package dev.passgate.hal.camera;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link FfmpegFrameSource} runs ffmpeg: the executable ({@code "ffmpeg"} is looked up on {@code PATH}), the
 * input arguments, the size and rate of the frames, and the reopen timing.
 *
 * <p>The input is the only part that differs between a kiosk and a test: {@link #v4l2} reads a V4L2 camera, and
 * {@link #file} plays a video file (at its own speed with {@code realtime}), so tests run exactly the pipe that
 * production runs. {@code device}, when present, is a file that must exist for the camera to be there; its absence
 * counts as "unplugged". The output arguments are always the same: the frames scaled to {@code width x height}
 * and converted to 8-bit gray, written raw to standard output.
 */
public record FfmpegSettings(String ffmpeg, List<String> input, Optional<Path> device, int width, int height,
                             int fps, Duration reopenInterval, Duration stallTimeout) {
    /** The longest wait between two reopen attempts, as a multiple of {@code reopenInterval}. */
    public static final int MAX_BACKOFF_FACTOR = 8;

    public FfmpegSettings {
        Objects.requireNonNull(ffmpeg, "ffmpeg");
        input = List.copyOf(input);
        Objects.requireNonNull(device, "device");
        if (ffmpeg.isEmpty() || input.isEmpty()) {
            throw new IllegalArgumentException("ffmpeg settings need an executable and input arguments, found '"
                    + ffmpeg + "' and " + input);
        }
        if (width < 16 || height < 16 || (long) width * height > 16_000_000L || fps < 1 || fps > 120) {
            throw new IllegalArgumentException("ffmpeg frames must be 16..16M pixels at 1..120 fps, found " + width
                    + "x" + height + " at " + fps);
        }
        if (reopenInterval.isNegative() || reopenInterval.isZero() || stallTimeout.isNegative()
                || stallTimeout.isZero()) {
            throw new IllegalArgumentException("ffmpeg reopen interval and stall timeout must be positive, found "
                    + reopenInterval + " and " + stallTimeout);
        }
    }

    /**
     * A V4L2 camera such as {@code /dev/video0}. {@code inputFormat} is what the camera is asked to send
     * ({@code "mjpeg"} gets many USB cameras to 30 fps at 720p), or empty for the camera's default.
     */
    public static FfmpegSettings v4l2(String ffmpeg, Path device, String inputFormat, int width, int height, int fps,
                                      Duration reopenInterval) {
        List<String> input = new ArrayList<>(List.of("-f", "v4l2", "-fflags", "nobuffer"));
        if (!inputFormat.isEmpty()) {
            input.addAll(List.of("-input_format", inputFormat));
        }
        input.addAll(List.of("-framerate", Integer.toString(fps), "-video_size", width + "x" + height,
                "-i", device.toString()));
        return new FfmpegSettings(ffmpeg, input, Optional.of(device), width, height, fps, reopenInterval,
                defaultStall(fps));
    }

    /** A video file, played at its own frame rate when {@code realtime} (ffmpeg's {@code -re}), else at once. */
    public static FfmpegSettings file(String ffmpeg, Path video, boolean realtime, int width, int height, int fps,
                                      Duration reopenInterval) {
        List<String> input = new ArrayList<>();
        if (realtime) {
            input.add("-re");
        }
        input.addAll(List.of("-i", video.toString()));
        return new FfmpegSettings(ffmpeg, input, Optional.empty(), width, height, fps, reopenInterval,
                defaultStall(fps));
    }

    /** The whole command line: executable, fixed global options, input, and the raw gray output to stdout. */
    public List<String> command() {
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error"));
        command.addAll(input);
        command.addAll(List.of("-an", "-vf", "scale=" + width + ":" + height + ",format=gray",
                "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1"));
        return command;
    }

    /** Bytes in one frame on the pipe. */
    public int frameBytes() {
        return width * height;
    }

    /** No frame for this long while ffmpeg runs counts as a stalled camera: at least 5 s, or 20 frame periods. */
    private static Duration defaultStall(int fps) {
        return Duration.ofMillis(Math.max(5000, 20_000L / fps));
    }
}
