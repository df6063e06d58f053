package dev.passgate.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import boofcv.concurrency.BoofConcurrency;
import dev.passgate.daemon.camera.PhoneFrames;
import dev.passgate.daemon.testing.PassTexts;
import dev.passgate.hal.Frame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * BoofCV's reader as passgate wraps it: reads what it should, answers every adversarial image with a value, and
 * never keeps a caller past its deadline (a call that has not finished answers TIMED_OUT, and the next calls BUSY
 * until the runaway computation ends, instead of queueing behind it).
 */
class BoofQrTest {
    private static final String PASS = PassTexts.HC1;

    @Test
    void readsAPhoneFrameAndItsDarkModeTwinWhenAskedToInvert() {
        // given a phone held near the camera, in light and in dark mode
        PhoneFrames.Scene scene = new PhoneFrames.Scene("near", 0.7, 10, 0, 0, 3, 5);
        byte[] light = PhoneFrames.render(scene, PASS, 640, 480);
        byte[] dark = PhoneFrames.render(scene, PASS, 640, 480, true);

        try (BoofQr boof = new BoofQr()) {
            // then the light screen reads as it is and the dark one only inverted
            assertThat(boof.read(light, 640, 480, 5_000_000_000L).text()).contains(PASS);
            assertThat(boof.read(dark, 640, 480, true, 5_000_000_000L).text()).contains(PASS);
        }
    }

    @Test
    void doesAllOfItsWorkOnItsOwnWorkerThreadSoThatItsCpuTimeIsCounted() {
        // given a 1280x720 frame, large enough for BoofCV to split its threshold over a pool when allowed
        byte[] frame = PhoneFrames.render(new PhoneFrames.Scene("near", 0.5, 10, 0, 0, 3, 5), PASS, 1280, 720);
        Map<Long, Long> poolBefore = poolCpu();

        try (BoofQr boof = new BoofQr()) {
            // when it reads the frame
            assertThat(boof.read(frame, 1280, 720, 5_000_000_000L).text()).contains(PASS);

            // then BoofCV's own pool did none of the work unseen: no new worker, and no CPU time on an old one
            assertThat(poolCpu()).isEqualTo(poolBefore);
            assertThat(BoofConcurrency.USE_CONCURRENT).isFalse();
            assertThat(boof.cpuNanos()).isPositive();
        }
    }

    /** The CPU time of each fork-join pool worker alive now (the JDK's common pool is named otherwise), by id. */
    private static Map<Long, Long> poolCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("ForkJoinPool-"))
                .collect(Collectors.toMap(Thread::getId, thread -> threads.getThreadCpuTime(thread.getId())));
    }

    @Test
    void startReturnsAtOnceWithThePixelsCopiedAndAwaitCollectsWhatTheWorkerReadOnce() {
        // given a phone held near the camera
        byte[] light = PhoneFrames.render(new PhoneFrames.Scene("near", 0.7, 10, 0, 0, 3, 5), PASS, 640, 480);
        try (BoofQr boof = new BoofQr()) {
            // when nothing was started, awaiting answers at once
            assertThat(boof.await(5_000_000_000L).status()).isEqualTo(BoofQr.Status.NOTHING);

            // when a computation is started and the caller reuses its buffer at once
            Optional<BoofQr.Result> now = boof.start(light, 640, 480, false);
            Arrays.fill(light, (byte) 0);

            // then it runs on the worker, reads the pixels as they were, and is collected once
            assertThat(now).isEmpty();
            assertThat(boof.await(5_000_000_000L).text()).contains(PASS);
            assertThat(boof.await(5_000_000_000L).status()).isEqualTo(BoofQr.Status.NOTHING);
        }
    }

    @Test
    void aStartedComputationNobodyCollectedNeverAnswersALaterCall() {
        // given a code read by a computation the caller left running (the camera read that frame with ZXing)
        byte[] light = PhoneFrames.render(new PhoneFrames.Scene("near", 0.7, 10, 0, 0, 3, 5), PASS, 640, 480);
        byte[] blank = new byte[640 * 480];
        try (BoofQr boof = new BoofQr()) {
            assertThat(boof.start(light, 640, 480, false)).isEmpty();

            // when the next frames hold no code
            BoofQr.Result next = boof.read(blank, 640, 480, 5_000_000_000L);
            while (next.status() == BoofQr.Status.BUSY) {
                Thread.onSpinWait();
                next = boof.read(blank, 640, 480, 5_000_000_000L);
            }

            // then the text of the frame before is not answered for them
            assertThat(next.status()).isEqualTo(BoofQr.Status.NOTHING);
            assertThat(next.text()).isEmpty();
        }
    }

    @Test
    void aCallPastItsDeadlineAnswersTimedOutAndTheNextOneBusyWithoutWaiting() {
        // given a large frame of noise, which takes BoofCV many milliseconds
        byte[] noise = noise(4000, 3000, 1);
        try (BoofQr boof = new BoofQr()) {
            // when the caller allows one nanosecond
            BoofQr.Result first = boof.read(noise, 4000, 3000, 1);
            BoofQr.Result second = boof.read(noise, 4000, 3000, 1);

            // then it is answered, not kept, and the still-running computation is not queued behind
            assertThat(first.status()).isEqualTo(BoofQr.Status.TIMED_OUT);
            assertThat(second.status()).isEqualTo(BoofQr.Status.BUSY);
            assertThat(first.text()).isEmpty();
        }
    }

    @Test
    void answersHugeAndFinderPatternNoiseImagesWithValuesAndPrintsTheirCost() {
        // given adversarial images: 64 megapixels of noise, and a 1280x720 frame tiled with finder patterns
        byte[] huge = noise(8000, 8000, 2);
        byte[] finders = finderTiles(1280, 720, 9);
        try (BoofQr boof = new BoofQr()) {
            long started = System.nanoTime();
            BoofQr.Result hugeResult = boof.readNow(huge, 8000, 8000);
            long hugeNanos = System.nanoTime() - started;
            started = System.nanoTime();
            BoofQr.Result finderResult = boof.readNow(finders, 1280, 720);
            long finderNanos = System.nanoTime() - started;
            System.out.printf("BoofCV alone: 8000x8000 noise %s in %.1f ms (scaled to %d pixels first);"
                            + " 1280x720 finder tiles %s in %.1f ms%n", hugeResult.status(), hugeNanos / 1e6,
                    BoofQr.MAX_PIXELS, finderResult.status(), finderNanos / 1e6);

            // then both are ordinary outcomes without a text
            assertThat(hugeResult.text()).isEmpty();
            assertThat(finderResult.text()).isEmpty();
        }
        // and the camera decoder and the still ladder give "nothing" for them too
        CameraDecoder camera = new CameraDecoder();
        for (int i = 0; i < 4; i++) {
            assertThat(camera.read(new Frame(1280, 720, finders, 0, 0)).text()).isEmpty();
        }
        assertThat(new QrDecoder().decode(new GrayImage(1280, 720, finders))).isEmpty();
    }

    private static byte[] noise(int width, int height, long seed) {
        byte[] pixels = new byte[width * height];
        new Random(seed).nextBytes(pixels);
        return pixels;
    }

    /** Finder patterns (7x7 modules: dark ring, light ring, dark 3x3 core) at {@code module} pixels, edge to edge. */
    private static byte[] finderTiles(int width, int height, int module) {
        byte[] pixels = new byte[width * height];
        int tile = 8 * module;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int mx = (x % tile) / module;
                int my = (y % tile) / module;
                boolean dark = mx < 7 && my < 7 && (mx == 0 || mx == 6 || my == 0 || my == 6
                        || (mx >= 2 && mx <= 4 && my >= 2 && my <= 4));
                pixels[y * width + x] = (byte) (dark ? 20 : 235);
            }
        }
        return pixels;
    }
}
