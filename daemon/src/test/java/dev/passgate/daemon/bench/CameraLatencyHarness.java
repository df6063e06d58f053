package dev.passgate.daemon.bench;

import dev.passgate.config.ConfigLoader;
import dev.passgate.daemon.app.Gate;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.camera.HardFrames;
import dev.passgate.daemon.camera.PhoneFrames;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.scan.CameraDecoder;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.camera.CameraScanSource;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeFrameSource;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Camera frame available to gate decision, at 1280x720: the production camera path from the frame hand-over on
 * (frame source, {@link CameraScanSource}, {@link CameraDecoder}, repeat filter) into a real {@link Gate}: HC1
 * verification, the entry-log append to SQLite in a temporary folder, and feedback to fake devices. The latency
 * of each decision is the gate's monotonic time at the end of the decision minus the time the frame was pushed.
 * ffmpeg and the camera are not in it (they add the camera's exposure and transfer time, which no software
 * change shortens). Prints figures; asserts nothing.
 *
 * <p>The frames: four passes (three trusted, one not) on a phone at three distances and angles, each held for
 * {@value #HOLD} frames, with {@value #GAP} empty frames between. The repeat filter is set to 1 ns, so that every frame
 * in which a code is read goes to the gate and counts. Two runs: "back to back" pushes the next frame
 * as soon as the previous one was decoded (the decoding latency without waiting), and "15 fps" pushes frames at
 * the camera's pace whether or not the decoder is done (frames arriving while it is busy are dropped).
 */
public final class CameraLatencyHarness {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int HOLD = 6;
    private static final int GAP = 3;

    private CameraLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int decisions = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.out.printf(Locale.ROOT, "cores: %d, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), CameraDecodeHarness.loadAverage());
        DemoPasses passes = DemoPasses.mint(NOW);
        List<PhoneFrames.Scene> scenes = List.of(
                new PhoneFrames.Scene("near", 0.70, 0, 0, 0, 3, 31),
                new PhoneFrames.Scene("mid-turned", 0.50, 15, 0.05, 1, 3, 32),
                new PhoneFrames.Scene("far", 0.35, -8, 0, 0, 4, 33));
        List<byte[]> codeFrames = new ArrayList<>();
        boolean hard = args.length > 1 && args[1].equals("hard");
        List<HardFrames.Pose> hardPoses = HardFrames.poses(HardFrames.HELD_OUT, 12 * 8).stream()
                .filter(pose -> pose.scene().codeShare() >= 0.3).toList();
        for (int i = 0; i < 12; i++) {
            String text = passes.samples().get(i % 4).text();
            codeFrames.add(hard ? HardFrames.render(hardPoses.get(i), text, WIDTH, HEIGHT)
                    : PhoneFrames.render(scenes.get(i % 3), text, WIDTH, HEIGHT));
        }
        System.out.printf(Locale.ROOT, "frames: %s%n", hard ? "12 held-out HardFrames poses (code >= 30 % of the"
                + " frame height)" : "the three PhoneFrames scenes");
        byte[] empty = PhoneFrames.render(new PhoneFrames.Scene("empty", 0, 0, 0, 0, 3, 34), "", WIDTH, HEIGHT);
        run("warm-up (back to back), frame -> decision", passes, codeFrames, empty, decisions / 3, false);
        run("back to back, frame -> decision", passes, codeFrames, empty, decisions, false);
        run("15 fps, frame -> decision", passes, codeFrames, empty, decisions, true);
    }

    private static void run(String label, DemoPasses passes, List<byte[]> codeFrames, byte[] empty, int decisions,
                            boolean paced) throws Exception {
        Path dir = Files.createTempDirectory("passgate-latency");
        ManualDelays delays = new ManualDelays();
        Timeline timeline = new Timeline(System::nanoTime);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> gateTimes = Collections.synchronizedList(new ArrayList<>());
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), "kiosk-bench")) {
            Feedback feedback = new Feedback(FeedbackTable.of(ConfigLoader.defaults(dir.resolve("x.toml")).feedback()
                    .verdicts()), List.of(new FakeStatusLight(timeline)), List.of(new FakeBuzzer(timeline, delays)),
                    List.of(new FakeDoorRelay(timeline, Duration.ofSeconds(5), delays)), delays,
                    Duration.ofSeconds(3));
            Gate gate = new Gate(new PassVerifier(Limits.DEFAULT), passes.trust(),
                    Policies.named("none").orElseThrow(), log,
                    Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32])), feedback,
                    Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime, decision -> { });
            FakeFrameSource frames = new FakeFrameSource("camera", timeline);
            CameraScanSource camera = new CameraScanSource(frames, new CameraDecoder(), Duration.ofNanos(1), 8192);
            camera.start((ScannedCode code) -> {
                long decoded = System.nanoTime();
                gate.handle(code);
                long decided = System.nanoTime();
                latencies.add(decided - code.receivedNanos());
                gateTimes.add(decided - decoded);
            });
            long period = Duration.ofSeconds(1).toNanos() / 15;
            long next = System.nanoTime();
            int pushed = 0;
            for (int hold = 0; latencies.size() < decisions; hold++) {
                byte[] code = codeFrames.get(hold % codeFrames.size());
                for (int i = 0; i < HOLD + GAP; i++) {
                    frames.push(WIDTH, HEIGHT, i < HOLD ? code : empty);
                    pushed++;
                    if (paced) {
                        next += period;
                        LockSupport.parkNanos(next - System.nanoTime());
                    } else {
                        while (camera.counts().decoded() + frames.dropped() < pushed) {
                            LockSupport.parkNanos(50_000);
                        }
                    }
                }
            }
            camera.close();
            feedback.close();
            report(label, latencies, pushed, camera.counts());
            report("  of which gate (verify, log, feedback)", gateTimes, pushed, camera.counts());
        }
    }

    private static void report(String label, List<Long> latencies, int pushed, CameraScanSource.Counts counts) {
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-12s: n=%d p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " frames pushed %d, decoded %d, dropped %d%n", label, sorted.size(), at(sorted, 0.50),
                at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, pushed, counts.decoded(),
                counts.dropped());
    }

    private static double at(List<Long> sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
