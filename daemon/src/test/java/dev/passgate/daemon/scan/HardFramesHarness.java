package dev.passgate.daemon.scan;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.zxing.Binarizer;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import dev.passgate.daemon.camera.HardFrames;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.hal.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness (prints figures, asserts nothing; opt-in with {@code -Dpassgate.hardframes=true}): yield and CPU per frame
 * on {@link HardFrames} at 640x480 and 1280x720, tuning seeds and held-out seeds reported apart. Side by side on the
 * same pixels: the still-image ladder {@link QrDecoder} with and without BoofCV, BoofCV alone, zbarimg (on the PGM
 * file of the frame), and the live {@link CameraDecoder} with and without BoofCV, each pose given
 * {@value #HOLD} times in a row as a camera holding a code does ("decided": read within those frames). CPU per
 * frame is the decoding thread's CPU time plus BoofCV's worker's, over {@value #ROUNDS} rounds (median and spread
 * printed), and the CPU per frame of ZXing's local threshold alone, ZXing's and {@link BlockBinarizer}'s. Run:
 * {@code mvn -B -q -pl daemon -am test -Dtest=HardFramesHarness -Dpassgate.hardframes=true
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dpassgate.hardframes.poses=N}, 64 by default).
 */
class HardFramesHarness {
    private static final int HOLD = 8;
    private static final int ROUNDS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @Test
    void printsYieldAndCpuPerFrame() throws Exception {
        assumeTrue(Boolean.getBoolean("passgate.hardframes"), "opt-in: -Dpassgate.hardframes=true");
        int count = Integer.getInteger("passgate.hardframes.poses", 64);
        String text = DemoPasses.mint(Instant.parse("2022-01-20T03:30:00Z")).samples().get(0).text();
        Optional<Zbar> zbar = Zbar.find();
        System.out.printf(Locale.ROOT, "hard frames: payload %d characters; cores %d; load average at start %s;"
                + " zbarimg %s%n", text.length(), Runtime.getRuntime().availableProcessors(), load(),
                zbar.map(Zbar::toString).orElse("not found"));
        boolean heldOut = !Boolean.getBoolean("passgate.hardframes.tuningOnly");
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            if (!System.getProperty("passgate.hardframes.sizes", "640x480,1280x720").contains(size[0] + "x")) {
                continue;
            }
            for (long first : heldOut ? new long[] {HardFrames.TUNING, HardFrames.HELD_OUT}
                    : new long[] {HardFrames.TUNING}) {
                run(size[0], size[1], first, count, text, zbar.orElse(null));
            }
        }
        System.out.printf(Locale.ROOT, "load average at end %s%n", load());
    }

    private void run(int width, int height, long first, int count, String text, Zbar zbar) throws Exception {
        List<HardFrames.Pose> poses = HardFrames.poses(first, count);
        List<byte[]> frames = new ArrayList<>();
        for (HardFrames.Pose pose : poses) {
            frames.add(HardFrames.render(pose, text, width, height));
        }
        int phones = (int) poses.stream().filter(pose -> pose.scene().codeShare() > 0).count();
        int ladder = 0;
        int zxingLadder = 0;
        int boofAlone = 0;
        int zbarRead = 0;
        List<String> missedByLadder = new ArrayList<>();
        boolean[] stillRead = new boolean[poses.size()];
        try (BoofQr boof = new BoofQr()) {
            for (int i = 0; i < poses.size(); i++) {
                GrayImage gray = new GrayImage(width, height, frames.get(i));
                boolean ours = text.equals(new QrDecoder().decode(gray).orElse(null));
                ladder += ours ? 1 : 0;
                stillRead[i] = ours;
                zxingLadder += text.equals(new QrDecoder(false).decode(gray).orElse(null)) ? 1 : 0;
                boofAlone += text.equals(boof.readNow(gray.pixels(), width, height).text().orElse(null)) ? 1 : 0;
                boolean theirs = zbar != null && text.equals(zbar.decode(pgm(i, width, height, frames.get(i)))
                        .text().orElse(null));
                zbarRead += theirs ? 1 : 0;
                if (theirs && !ours) {
                    missedByLadder.add(poses.get(i).label());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n== %dx%d, %s seeds %d..%d: %d poses with a phone, %d without ==%n", width,
                height, first == HardFrames.TUNING ? "tuning" : "held-out", first, first + count - 1, phones,
                poses.size() - phones);
        System.out.printf(Locale.ROOT, "stills: passgate decode %d, ZXing ladder alone %d, BoofCV alone %d,"
                + " zbarimg %s; zbar-only %s%n", ladder, zxingLadder, boofAlone, zbar == null ? "n/a" : zbarRead,
                missedByLadder);
        camera(true, poses, frames, width, height, text, stillRead);
        camera(false, poses, frames, width, height, text, stillRead);
        System.out.printf(Locale.ROOT, "local threshold alone, CPU ms/frame median: ZXing's HybridBinarizer %s,"
                + " BlockBinarizer %s%n", binarizing(frames, width, height, HybridBinarizer::new),
                binarizing(frames, width, height, BlockBinarizer::new));
    }

    /** CPU ms per frame of one binarization of each frame: the median of {@value #ROUNDS} rounds and the spread. */
    private static String binarizing(List<byte[]> frames, int width, int height,
                                     Function<LuminanceSource, Binarizer> binarizer) throws NotFoundException {
        double[] perFrame = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            long started = THREADS.getCurrentThreadCpuTime();
            for (byte[] frame : frames) {
                binarizer.apply(new PlanarYUVLuminanceSource(frame, width, height, 0, 0, width, height, false))
                        .getBlackMatrix();
            }
            if (round >= 0) {
                perFrame[round] = (THREADS.getCurrentThreadCpuTime() - started) / 1e6 / frames.size();
            }
        }
        return String.format(Locale.ROOT, "%.2f (%s)", median(perFrame), spread(perFrame));
    }

    private static void camera(boolean withBoof, List<HardFrames.Pose> poses, List<byte[]> frames, int width,
                               int height, String text, boolean[] stillRead) {
        double[] first = cameraRound(withBoof, poses, frames, width, height, text);
        List<String> stillOnly = new ArrayList<>();
        for (int i = 0; i < poses.size(); i++) {
            if (stillRead[i] && first[4 + i] == 0) {
                stillOnly.add(poses.get(i).label());
            }
        }
        double[] phoneCpu = new double[ROUNDS];
        double[] emptyCpu = new double[ROUNDS];
        double[] allCpu = new double[ROUNDS];
        int decided = 0;
        for (int round = 0; round < ROUNDS; round++) {
            double[] result = cameraRound(withBoof, poses, frames, width, height, text);
            decided = (int) result[0];
            phoneCpu[round] = result[1];
            emptyCpu[round] = result[2];
            allCpu[round] = result[3];
        }
        System.out.printf(Locale.ROOT, "camera %-16s: decided %d (each pose %d frames); CPU ms/frame median"
                + " %.2f (%s), with a phone %.2f, empty %.2f; read on stills only %s%n",
                withBoof ? "ZXing + BoofCV" : "ZXing alone", decided, HOLD, median(allCpu), spread(allCpu),
                median(phoneCpu), median(emptyCpu), withBoof ? stillOnly : "-");
    }

    /**
     * One pass over all poses with one decoder: decided poses, CPU ms/frame with a phone, empty, overall, then 1 or 0
     * for each pose (decided or not).
     */
    private static double[] cameraRound(boolean withBoof, List<HardFrames.Pose> poses, List<byte[]> frames,
                                        int width, int height, String text) {
        CameraDecoder decoder = new CameraDecoder(withBoof);
        int decided = 0;
        double[] result = new double[4 + poses.size()];
        double[] cpu = new double[2];
        int[] calls = new int[2];
        for (int i = 0; i < poses.size(); i++) {
            boolean phone = poses.get(i).scene().codeShare() > 0;
            Frame frame = new Frame(width, height, frames.get(i), 0, 0);
            boolean read = false;
            for (int k = 0; k < HOLD; k++) {
                long started = THREADS.getCurrentThreadCpuTime() + decoder.boofCpuNanos();
                Optional<String> got = decoder.read(frame).text();
                long spent = THREADS.getCurrentThreadCpuTime() + decoder.boofCpuNanos() - started;
                read |= got.isPresent() && got.get().equals(text);
                cpu[phone ? 0 : 1] += spent / 1e6;
                calls[phone ? 0 : 1]++;
            }
            decided += read && phone ? 1 : 0;
            result[4 + i] = read ? 1 : 0;
        }
        result[0] = decided;
        result[1] = cpu[0] / Math.max(1, calls[0]);
        result[2] = cpu[1] / Math.max(1, calls[1]);
        result[3] = (cpu[0] + cpu[1]) / Math.max(1, calls[0] + calls[1]);
        return result;
    }

    private Path pgm(int index, int width, int height, byte[] luma) throws IOException {
        Path file = dir.resolve(String.format(Locale.ROOT, "%dx%d-%03d.pgm", width, height, index));
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("P5\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII));
            out.write(luma, 0, width * height);
        }
        return file;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String spread(double[] values) {
        return String.format(Locale.ROOT, "%.2f..%.2f", Arrays.stream(values).min().orElse(0),
                Arrays.stream(values).max().orElse(0));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
