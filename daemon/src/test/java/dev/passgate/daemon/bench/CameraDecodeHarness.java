package dev.passgate.daemon.bench;

import dev.passgate.daemon.camera.PhoneFrames;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.scan.CameraDecoder;
import dev.passgate.daemon.scan.GrayImage;
import dev.passgate.daemon.scan.QrDecoder;
import dev.passgate.hal.Frame;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeUnit;

/**
 * Camera QR decoding, ms per frame and yield, at 640x480 and 1280x720, for passgate's {@link CameraDecoder}, for
 * its still-image ladder {@link QrDecoder}, and for {@code zbarimg} on the same pixels. Prints figures; asserts
 * nothing. Run with {@code mvn -B -P camera-bench -pl daemon -am -DskipTests verify}.
 *
 * <p>Frames: {@link #sceneGrid} draws a phone showing an HC1 pass at five distances, three angles, tilted or not,
 * sharp or slightly out of focus (60 frames), plus 20 frames without a phone, each written as a PGM file.
 * passgate's times are the mean over {@value #ROUNDS} rounds after {@value #WARMUP} warm-up rounds, in process, on
 * pixels already in memory. A camera holds a code for many frames, so {@code CameraDecoder} is called
 * {@value #HOLD} times in a row per frame (0.8 s at 15 fps; its sweep rungs run in turn on every 3rd empty frame);
 * "1 frame" yield counts codes read on the first call, "12 frames" within the twelve. zbarimg runs once per file
 * for its yield, and once over all files {@value #ZBAR_REPEAT} times for its time, minus the time of a run over one
 * small file (process start); it is told to look for QR codes only ({@code -Sdisable -Sqrcode.enable}); its time
 * includes reading the PGM file. Since other work may share the machine, CPU time is printed too: the
 * decoding thread's for passgate, zbarimg's user and system time from GNU {@code /usr/bin/time} when present.
 */
public final class CameraDecodeHarness {
    private static final int WARMUP = 2;
    private static final int ROUNDS = 3;
    private static final int HOLD = 12;
    private static final int ZBAR_REPEAT = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Shot(PhoneFrames.Scene scene, byte[] luma, Path file) {
        boolean hasCode() {
            return scene.codeShare() > 0;
        }
    }

    private CameraDecodeHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/camera-bench");
        Files.createDirectories(out);
        String text = DemoPasses.mint(Instant.parse("2022-01-20T03:30:00Z")).samples().get(0).text();
        System.out.printf(Locale.ROOT, "payload: HC1 pass of %d characters, QR of %d modules with quiet zone%n",
                text.length(), 77 + 4);
        System.out.printf(Locale.ROOT, "cores: %d, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            run(size[0], size[1], text, out);
        }
    }

    /** 60 frames with a phone (5 distances x 3 angles x tilt x focus, deterministic) and 20 without. */
    static List<PhoneFrames.Scene> sceneGrid() {
        List<PhoneFrames.Scene> scenes = new ArrayList<>();
        long seed = 100;
        for (double share : new double[] {0.75, 0.55, 0.40, 0.30, 0.22}) {
            for (double angle : new double[] {0, 20, 40}) {
                for (double tilt : new double[] {0, 0.1}) {
                    for (int blur = 0; blur <= 1; blur++) {
                        scenes.add(new PhoneFrames.Scene(String.format(Locale.ROOT, "d%.2f-a%.0f-t%.1f-b%d", share,
                                angle, tilt, blur), share, angle, tilt, blur, 3 + blur, seed++));
                    }
                }
            }
        }
        for (int i = 0; i < 20; i++) {
            scenes.add(new PhoneFrames.Scene("empty-" + i, 0, 0, 0, i % 2, 3 + i % 4, seed++));
        }
        return scenes;
    }

    private static void run(int width, int height, String text, Path out) throws Exception {
        List<Shot> shots = new ArrayList<>();
        for (PhoneFrames.Scene scene : sceneGrid()) {
            byte[] luma = PhoneFrames.render(scene, text, width, height);
            shots.add(new Shot(scene, luma, pgm(out.resolve(width + "x" + height + "-" + scene.label() + ".pgm"),
                    width, height, luma)));
        }
        int codes = (int) shots.stream().filter(Shot::hasCode).count();
        System.out.printf(Locale.ROOT, "%n== %dx%d: %d frames with a phone, %d without ==%n", width, height, codes,
                shots.size() - codes);
        camera(shots, width, height, text);
        ladder(shots, width, height, text);
        zbar(shots, text);
    }

    private static void camera(List<Shot> shots, int width, int height, String text) {
        for (int round = 0; round < WARMUP; round++) {
            cameraRound(shots, width, height, text, null);
        }
        double[] sums = new double[6];
        for (int round = 0; round < ROUNDS; round++) {
            cameraRound(shots, width, height, text, sums);
        }
        int[] yield = cameraYield(shots, width, height, text);
        System.out.printf(Locale.ROOT, "passgate CameraDecoder : %6.2f ms/frame with a phone, %6.2f ms/frame empty,"
                + " CPU %5.2f ms/frame overall; yield %d (1 frame), %d (12 frames)%n", sums[0] / sums[1],
                sums[2] / sums[3], sums[4] / (sums[1] + sums[3]), yield[0], yield[1]);
    }

    /** Decodes every shot HOLD times with one decoder; adds ms and calls for phone and empty frames to sums. */
    private static void cameraRound(List<Shot> shots, int width, int height, String text, double[] sums) {
        CameraDecoder decoder = new CameraDecoder();
        for (Shot shot : shots) {
            Frame frame = new Frame(width, height, shot.luma(), 0, 0);
            for (int i = 0; i < HOLD; i++) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                CameraDecoder.Reading reading = decoder.read(frame);
                long nanos = System.nanoTime() - start;
                cpu = THREADS.getCurrentThreadCpuTime() - cpu;
                if (reading.text().isPresent() && !reading.text().get().equals(text)) {
                    throw new IllegalStateException("misread in " + shot.scene().label());
                }
                if (sums != null) {
                    int at = shot.hasCode() ? 0 : 2;
                    sums[at] += nanos / 1e6;
                    sums[at + 1]++;
                    sums[4] += cpu / 1e6;
                }
            }
        }
    }

    private static int[] cameraYield(List<Shot> shots, int width, int height, String text) {
        int first = 0;
        int within = 0;
        StringBuilder missed = new StringBuilder();
        for (Shot shot : shots) {
            if (!shot.hasCode()) {
                continue;
            }
            CameraDecoder decoder = new CameraDecoder();
            Frame frame = new Frame(width, height, shot.luma(), 0, 0);
            for (int i = 0; i < HOLD; i++) {
                if (decoder.read(frame).text().filter(text::equals).isPresent()) {
                    first += i == 0 ? 1 : 0;
                    within++;
                    break;
                }
                if (i == HOLD - 1) {
                    missed.append(' ').append(shot.scene().label());
                }
            }
        }
        System.out.println("  CameraDecoder missed:" + missed);
        return new int[] {first, within};
    }

    private static void ladder(List<Shot> shots, int width, int height, String text) {
        QrDecoder decoder = new QrDecoder();
        double[] sums = new double[5];
        int yield = 0;
        for (int round = 0; round < 2; round++) {
            for (Shot shot : shots) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                boolean read = decoder.decode(new GrayImage(width, height, shot.luma())).filter(text::equals)
                        .isPresent();
                long nanos = System.nanoTime() - start;
                cpu = THREADS.getCurrentThreadCpuTime() - cpu;
                if (round == 1) {
                    int at = shot.hasCode() ? 0 : 2;
                    sums[at] += nanos / 1e6;
                    sums[at + 1]++;
                    sums[4] += cpu / 1e6;
                    yield += read ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "passgate QrDecoder     : %6.2f ms/frame with a phone, %6.2f ms/frame empty,"
                + " CPU %5.2f ms/frame overall; yield %d (still-image ladder)%n", sums[0] / sums[1], sums[2] / sums[3],
                sums[4] / shots.size(), yield);
    }

    private static void zbar(List<Shot> shots, String text) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/zbarimg"))) {
            System.out.println("zbarimg                : not installed (apt-get install zbar-tools)");
            return;
        }
        int yield = 0;
        StringBuilder missed = new StringBuilder();
        for (Shot shot : shots) {
            if (shot.hasCode()) {
                boolean read = zbarimg(List.of(shot.file())).contains(text);
                yield += read ? 1 : 0;
                if (!read) {
                    missed.append(' ').append(shot.scene().label());
                }
            }
        }
        List<Path> all = new ArrayList<>();
        for (int i = 0; i < ZBAR_REPEAT; i++) {
            shots.forEach(shot -> all.add(shot.file()));
        }
        Path tiny = pgm(shots.get(0).file().resolveSibling("tiny.pgm"), 16, 16, new byte[256]);
        long startOnly = Long.MAX_VALUE;
        double startCpu = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Timed run = timedZbarimg(List.of(tiny));
            startOnly = Math.min(startOnly, System.nanoTime() - start);
            startCpu = Math.min(startCpu, run.cpuMillis());
        }
        long start = System.nanoTime();
        Timed run = timedZbarimg(all);
        double perFrame = (System.nanoTime() - start - startOnly) / 1e6 / all.size();
        double cpuPerFrame = (run.cpuMillis() - startCpu) / all.size();
        System.out.printf(Locale.ROOT, "zbarimg                : %6.2f ms/frame over all %d frames, CPU %5.2f ms/frame"
                + " (process start of %.1f ms, %.1f ms CPU, taken off); yield %d%n", perFrame, shots.size(),
                cpuPerFrame, startOnly / 1e6, startCpu, yield);
        System.out.println("  zbarimg missed:" + missed);
    }

    private record Timed(String output, double cpuMillis) {
    }

    /** Runs zbarimg under GNU time when it is there, for its user + system CPU time (NaN otherwise). */
    private static Timed timedZbarimg(List<Path> files) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
            return new Timed(zbarimg(files), Double.NaN);
        }
        Path times = Files.createTempFile("zbarimg-time", ".txt");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S",
                "/usr/bin/zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable"));
        files.forEach(file -> command.add(file.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.waitFor(600, TimeUnit.SECONDS);
        String[] fields = Files.readString(times).trim().split("\\s+");
        Files.delete(times);
        double cpu = (Double.parseDouble(fields[fields.length - 2]) + Double.parseDouble(fields[fields.length - 1]))
                * 1000;
        return new Timed("", cpu);
    }

    private static String zbarimg(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/zbarimg", "-q", "--raw", "-Sdisable",
                "-Sqrcode.enable"));
        files.forEach(file -> command.add(file.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output;
    }

    static Path pgm(Path file, int width, int height, byte[] luma) throws IOException {
        byte[] header = ("P5\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(header, header.length + width * height);
        System.arraycopy(luma, 0, bytes, header.length, width * height);
        return Files.write(file, bytes);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
