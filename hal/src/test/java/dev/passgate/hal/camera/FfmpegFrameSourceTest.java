package dev.passgate.hal.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passgate.hal.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ffmpeg pipe with the real ffmpeg, playing generated videos instead of a camera. */
class FfmpegFrameSourceTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(TestVideos.ffmpegAvailable(), "ffmpeg is not installed");
    }

    /** Frame i is filled with luminance 10 * (i + 1), so a frame tells which one it is. */
    private Path numberedVideo(String name, int count, int fps) throws IOException, InterruptedException {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] frame = new byte[W * H];
            Arrays.fill(frame, (byte) (10 * (i + 1)));
            frames.add(frame);
        }
        return TestVideos.encode(dir.resolve(name), W, H, fps, frames, "ffv1", 0);
    }

    @Test
    void deliversEveryFrameByteForByteWhenTheConsumerKeepsUp() throws Exception {
        // given a lossless video of 10 numbered frames played at its own speed
        Path video = numberedVideo("numbered.mkv", 10, 10);
        try (FfmpegFrameSource source = new FfmpegFrameSource("test",
                TestVideos.playing(video, true, W, H, 10, Optional.empty()), System::nanoTime)) {
            // when the frames are taken as they come
            source.start();
            List<Integer> seen = new ArrayList<>();
            while (seen.size() < 10) {
                Frame frame = source.take(WAIT).orElseThrow();
                assertThat(frame.width()).isEqualTo(W);
                assertThat(frame.height()).isEqualTo(H);
                int value = frame.luma()[0] & 0xff;
                assertThat(frame.luma()[W * H - 1] & 0xff).isEqualTo(value);
                seen.add(value);
            }

            // then each arrived whole and in order
            assertThat(seen).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        }
    }

    @Test
    void startsFfmpegAgainWhenItExits() throws Exception {
        // given a short video played as fast as possible, so ffmpeg exits after a few milliseconds
        Path video = numberedVideo("short.mkv", 5, 10);
        try (FfmpegFrameSource source = new FfmpegFrameSource("test",
                TestVideos.playing(video, false, W, H, 10, Optional.empty()), System::nanoTime)) {
            // when the source runs until it has seen the video three times
            source.start();
            long lastSequence = 0;
            while (source.frames() < 15) {
                Frame frame = source.take(WAIT).orElseThrow();
                assertThat(frame.sequence()).isGreaterThan(lastSequence);
                lastSequence = frame.sequence();
            }

            // then ffmpeg ran at least three times (five frames a run), and sequence numbers rose across runs
            assertThat(source.runs()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void reportsTheCameraGoneWhenItsDeviceFileDisappearsAndStreamsAgainWhenItReturns() throws Exception {
        // given a long video standing in for a camera whose device file exists
        Path device = Files.createFile(dir.resolve("video0"));
        Path video = numberedVideo("long.mkv", 25, 5);
        try (FfmpegFrameSource source = new FfmpegFrameSource("test",
                TestVideos.playing(video, true, W, H, 5, Optional.of(device)), System::nanoTime)) {
            source.start();
            assertThat(source.awaitState(FfmpegFrameSource.State.STREAMING, WAIT)).isTrue();

            // when the device file disappears
            Files.delete(device);

            // then the source stops ffmpeg and reports the camera gone
            assertThat(source.awaitState(FfmpegFrameSource.State.DISCONNECTED, WAIT)).isTrue();
            assertThat(source.presence().present()).isFalse();
            assertThat(source.presence().detail()).contains("does not exist");

            // and when it comes back the frames flow again
            Files.createFile(device);
            assertThat(source.awaitState(FfmpegFrameSource.State.STREAMING, WAIT)).isTrue();
            assertThat(source.take(WAIT)).isPresent();
            assertThat(source.presence().present()).isTrue();
        }
    }

    @Test
    void staysDisconnectedAndSaysWhyWhenFfmpegIsMissing() throws Exception {
        FfmpegSettings settings = FfmpegSettings.file("/nonexistent/ffmpeg", dir.resolve("x.mkv"), false, W, H, 10,
                Duration.ofMillis(100));
        try (FfmpegFrameSource source = new FfmpegFrameSource("test", settings, System::nanoTime)) {
            source.start();

            assertThat(source.awaitState(FfmpegFrameSource.State.DISCONNECTED, WAIT)).isTrue();
            assertThat(source.presence()).isEqualTo(new Presence(false,
                    "ffmpeg executable '/nonexistent/ffmpeg' not found"));
            assertThat(source.take(Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void keepsOnlyABoundedTailOfWhatFfmpegWritesToStandardError() throws Exception {
        // given an input that ffmpeg cannot read
        Path garbage = Files.writeString(dir.resolve("garbage.mkv"), "not a video\n".repeat(1000));
        try (FfmpegFrameSource source = new FfmpegFrameSource("test",
                TestVideos.playing(garbage, false, W, H, 10, Optional.empty()), System::nanoTime)) {
            // when ffmpeg has failed at least once
            source.start();
            assertThat(source.awaitState(FfmpegFrameSource.State.DISCONNECTED, WAIT)).isTrue();

            // then its complaint is kept, cut to the bounds
            String tail = source.stderrTail();
            assertThat(tail).isNotEmpty();
            String[] lines = tail.split(" \\| ");
            assertThat(lines.length).isLessThanOrEqualTo(FfmpegFrameSource.STDERR_LINES);
            for (String line : lines) {
                assertThat(line.length()).isLessThanOrEqualTo(FfmpegFrameSource.STDERR_LINE_CHARS);
            }
        }
    }

    @Test
    void closeStopsFfmpegAndWakesAWaitingTake() throws Exception {
        Path video = numberedVideo("close.mkv", 25, 5);
        FfmpegFrameSource source = new FfmpegFrameSource("test",
                TestVideos.playing(video, true, W, H, 5, Optional.empty()), System::nanoTime);
        source.start();
        assertThat(source.awaitState(FfmpegFrameSource.State.STREAMING, WAIT)).isTrue();

        source.close();

        assertThat(source.state()).isEqualTo(FfmpegFrameSource.State.CLOSED);
        assertThat(source.take(WAIT)).isEmpty();
    }

    @Test
    void buildsTheV4l2CommandAsAnArgumentList() {
        FfmpegSettings settings = FfmpegSettings.v4l2("ffmpeg", Path.of("/dev/video0"), "mjpeg", 1280, 720, 15,
                Duration.ofSeconds(1));

        assertThat(settings.command()).containsExactly("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "v4l2", "-fflags", "nobuffer", "-input_format", "mjpeg", "-framerate", "15",
                "-video_size", "1280x720", "-i", "/dev/video0",
                "-an", "-vf", "scale=1280:720,format=gray", "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1");
        assertThat(settings.device()).contains(Path.of("/dev/video0"));
    }
}
