package dev.passgate.daemon.camera;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.OperatingSystemMXBean;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.scan.Cameras;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.camera.CameraScanSource;
import dev.passgate.hal.camera.TestVideos;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness (prints figures, asserts nothing; opt-in with {@code -Dpassgate.livecamera=true}): the live camera path on
 * {@link HardFrames} poses, through the real ffmpeg playing a video in real time into the production driver, pipe,
 * {@code CameraDecoder} and repeat filter ({@link Cameras#source}), as {@code passgate run} with {@code [scan.camera]}
 * reads a camera. Each pose carries its own text and is shown for {@value #HOLD} frames at {@value #FPS} fps after
 * {@value #GAP} empty frames; a pose is decided when its text is reported. The video is lossless (ffv1), so the
 * decoder sees the pixels zbarimg reads as stills in {@code HardFramesHarness}. Also printed: the JVM's CPU time
 * per frame shown (decoding, BoofCV's worker, the pipe, GC and JIT: an upper bound for decoding) and the load.
 * Run: {@code mvn -B -q -pl daemon -am test -Dtest=LiveCameraHarness -Dpassgate.livecamera=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LiveCameraHarness {
    private static final int HOLD = 8;
    private static final int GAP = 2;
    private static final int FPS = 15;

    @TempDir
    Path dir;

    @Test
    void printsDecisionsPerPoseAtBothSizes() throws Exception {
        assumeTrue(Boolean.getBoolean("passgate.livecamera"), "opt-in: -Dpassgate.livecamera=true");
        assumeTrue(TestVideos.ffmpegAvailable(), "ffmpeg is not installed");
        int count = Integer.getInteger("passgate.hardframes.poses", 64);
        String pass = DemoPasses.mint(Instant.parse("2022-01-20T03:30:00Z")).samples().get(0).text();
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            for (long first : new long[] {HardFrames.TUNING, HardFrames.HELD_OUT}) {
                run(size[0], size[1], first, count, pass);
            }
        }
    }

    private void run(int width, int height, long first, int count, String pass) throws Exception {
        List<HardFrames.Pose> poses = HardFrames.poses(first, count);
        List<byte[]> frames = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        byte[] empty = PhoneFrames.render(new PhoneFrames.Scene("empty", 0, 0, 0, 0, 3, first), "", width, height);
        for (int i = 0; i < poses.size(); i++) {
            String text = text(pass, i);
            byte[] frame = HardFrames.render(poses.get(i), text, width, height);
            if (poses.get(i).scene().codeShare() > 0) {
                shown.add(text);
            }
            for (int k = 0; k < GAP; k++) {
                frames.add(empty);
            }
            for (int k = 0; k < HOLD; k++) {
                frames.add(frame);
            }
        }
        Path video = TestVideos.encode(dir.resolve(width + "-" + first + ".mkv"), width, height, FPS, frames,
                "ffv1", 0);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String loadBefore = load();
        BlockingQueue<ScannedCode> codes = new LinkedBlockingQueue<>();
        Set<String> decided = new HashSet<>();
        int wrong = 0;
        long cpu = os.getProcessCpuTime();
        CameraScanSource.Counts counts;
        try (CameraScanSource camera = Cameras.source(TestVideos.playing(video, true, width, height, FPS,
                Optional.empty()), Duration.ofSeconds(30), 8192, System::nanoTime)) {
            camera.start(codes::add);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000L * frames.size() / FPS + 1500);
            while (System.nanoTime() < end) {
                ScannedCode code = codes.poll(100, TimeUnit.MILLISECONDS);
                if (code != null && shown.contains(code.text())) {
                    decided.add(code.text());
                } else if (code != null) {
                    wrong++;
                }
            }
            counts = camera.counts();
        }
        cpu = os.getProcessCpuTime() - cpu;
        System.out.printf(Locale.ROOT, "live camera %dx%d, %s seeds %d..%d: %d poses with a phone, decided %d;"
                        + " other texts %d; JVM CPU %.2f ms per frame shown (%d frames at %d fps, %d decoded,"
                        + " %d dropped"
                        + " while the decoder was busy); load %s -> %s%n",
                width, height, first == HardFrames.TUNING ? "tuning" : "held-out", first, first + count - 1,
                shown.size(), decided.size(), wrong, cpu / 1e6 / frames.size(), frames.size(), FPS, counts.decoded(),
                counts.dropped(), loadBefore,
                load());
    }

    /** The pass with its last three characters replaced by the pose number: one text per pose, same length. */
    private static String text(String pass, int index) {
        return pass.substring(0, pass.length() - 3) + String.format(Locale.ROOT, "%03d", index);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
