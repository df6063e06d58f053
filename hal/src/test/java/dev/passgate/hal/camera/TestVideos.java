package dev.passgate.hal.camera;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Test videos made with the real ffmpeg: raw 8-bit gray frames are piped into ffmpeg and encoded to a file, which
 * an {@link FfmpegFrameSource} then plays back as a camera. Shared with the daemon's camera tests.
 */
public final class TestVideos {
    private TestVideos() {
    }

    /** Whether an ffmpeg executable is on PATH; tests that need it are skipped otherwise. */
    public static boolean ffmpegAvailable() {
        return Presence.executable("ffmpeg", System.getenv("PATH")).isPresent();
    }

    /**
     * Encodes gray frames of {@code width x height} at {@code fps} into {@code out}. {@code codec} "ffv1" is
     * lossless (the frames come back byte for byte); "mjpeg" with a {@code quality} of 2..31 adds the blocky
     * compression artefacts of a cheap USB camera.
     */
    public static Path encode(Path out, int width, int height, int fps, List<byte[]> frames, String codec,
                              int quality) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "rawvideo", "-pix_fmt", "gray", "-s", width + "x" + height, "-r", Integer.toString(fps),
                "-i", "pipe:0", "-c:v", codec));
        if (codec.equals("mjpeg")) {
            command.addAll(List.of("-q:v", Integer.toString(quality), "-pix_fmt", "yuvj420p"));
        } else {
            command.addAll(List.of("-pix_fmt", "gray"));
        }
        command.add(out.toString());
        Path log = Files.createTempFile("ffmpeg-encode", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try (OutputStream in = process.getOutputStream()) {
            for (byte[] frame : frames) {
                in.write(frame, 0, width * height);
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("ffmpeg could not encode " + out + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        Files.deleteIfExists(log);
        return out;
    }

    /** Settings that play {@code video} through the production pipe with the given frame size. */
    public static FfmpegSettings playing(Path video, boolean realtime, int width, int height, int fps,
                                         Optional<Path> device) {
        FfmpegSettings file = FfmpegSettings.file("ffmpeg", video, realtime, width, height, fps,
                Duration.ofMillis(100));
        return new FfmpegSettings(file.ffmpeg(), file.input(), device, width, height, fps, file.reopenInterval(),
                file.stallTimeout());
    }
}
