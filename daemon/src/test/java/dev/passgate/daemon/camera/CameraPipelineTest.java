package dev.passgate.daemon.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passgate.daemon.scan.Cameras;
import dev.passgate.daemon.testing.PassTexts;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.camera.CameraScanSource;
import dev.passgate.hal.camera.TestVideos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole camera path with the real ffmpeg: a generated video of a phone showing three passes (near and
 * straight; turned and slightly blurred; farther, turned and tilted; with empty frames between) is played by
 * ffmpeg at its own speed through the production driver and pipe, decoded by the production decoder, and
 * filtered for repeats. When the video ends ffmpeg exits, and the source starts it again, as after a camera that
 * was unplugged and plugged back in.
 */
class CameraPipelineTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int FPS = 20;
    private static final Duration REPEAT = Duration.ofSeconds(2);

    @TempDir
    static Path dir;

    private static List<String> passes;
    private static Path video;

    @BeforeAll
    static void makeVideo() throws Exception {
        assumeTrue(TestVideos.ffmpegAvailable(), "ffmpeg is not installed");
        passes = List.of(PassTexts.hc1(1, 554), PassTexts.hc1(2, 554), PassTexts.hc1(3, 554));
        List<PhoneFrames.Scene> shown = List.of(
                new PhoneFrames.Scene("near-straight", 0.75, 0, 0, 0, 3, 21),
                new PhoneFrames.Scene("turned-blurred", 0.70, 25, 0.05, 1, 3, 22),
                new PhoneFrames.Scene("farther-tilted", 0.55, -12, 0.10, 0, 4, 23));
        PhoneFrames.Scene empty = new PhoneFrames.Scene("empty", 0, 0, 0, 0, 3, 24);
        List<byte[]> frames = new ArrayList<>();
        for (int pass = 0; pass < passes.size(); pass++) {
            byte[] nothing = PhoneFrames.render(empty, "", WIDTH, HEIGHT);
            byte[] phone = PhoneFrames.render(shown.get(pass), passes.get(pass), WIDTH, HEIGHT);
            for (int i = 0; i < 10; i++) {
                frames.add(nothing);
            }
            for (int i = 0; i < 20; i++) {
                frames.add(phone);
            }
        }
        video = TestVideos.encode(dir.resolve("phone.avi"), WIDTH, HEIGHT, FPS, frames, "mjpeg", 4);
    }

    @Test
    void readsEachPassOnceWhileHeldAndAgainAfterFfmpegRestarts() throws Exception {
        // given the camera path playing the video in real time, reporting a code at most every 2 s
        BlockingQueue<ScannedCode> codes = new LinkedBlockingQueue<>();
        try (CameraScanSource camera = Cameras.source(TestVideos.playing(video, true, WIDTH, HEIGHT, FPS,
                Optional.empty()), REPEAT, 8192, System::nanoTime)) {
            // when the video has played twice (4.5 s each, the second time after ffmpeg exited and was restarted)
            camera.start(codes::add);
            List<String> seen = new ArrayList<>();
            while (seen.size() < 6) {
                ScannedCode code = codes.poll(60, TimeUnit.SECONDS);
                assertThat(code).as("code %d of 6, after %s", seen.size() + 1, seen).isNotNull();
                seen.add(code.text());
            }

            // then each pass was reported once per showing, in order, over both plays
            assertThat(seen).containsExactly(passes.get(0), passes.get(1), passes.get(2),
                    passes.get(0), passes.get(1), passes.get(2));
            // and a pass held in view for 20 frames was read in several of them but reported once
            CameraScanSource.Counts counts = camera.counts();
            assertThat(counts.found()).isGreaterThan(counts.delivered());
            assertThat(counts.repeats()).isPositive();
            assertThat(counts.decoded()).isGreaterThan(counts.found());
        }
    }
}
