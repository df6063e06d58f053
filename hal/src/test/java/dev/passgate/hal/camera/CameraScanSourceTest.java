package dev.passgate.hal.camera;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.Frame;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.fake.FakeFrameSource;
import dev.passgate.hal.fake.Timeline;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The camera scan source on a fake camera. The decoder stands in for the QR decoder: a frame whose first byte is
 * n > 0 holds the code "code-n", a frame starting with 0 holds none. Every decoded frame releases a permit, so a
 * test waits for exactly the frames it pushed.
 */
class CameraScanSourceTest {
    private static final long WAIT_SECONDS = 20;

    private final ManualDelays clock = new ManualDelays();
    private final Timeline timeline = new Timeline(clock::nanoTime);
    private final FakeFrameSource camera = new FakeFrameSource("camera", timeline);
    private final Semaphore decodedFrames = new Semaphore(0);
    private final Semaphore entered = new Semaphore(0);
    private final BlockingQueue<ScannedCode> codes = new LinkedBlockingQueue<>();
    private volatile CountDownLatch decoderGate = new CountDownLatch(0);
    private CameraScanSource source;

    private Optional<String> decode(Frame frame) {
        entered.release();
        try {
            decoderGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int n = frame.luma()[0];
        decodedFrames.release();
        if (n < 0) {
            throw new IllegalStateException("decoder bug");
        }
        return n == 0 ? Optional.empty() : Optional.of("code-" + n + "x".repeat(frame.luma()[1]));
    }

    private void startWith(Duration repeatInterval, int maxLength) {
        source = new CameraScanSource(camera, this::decode, repeatInterval, maxLength);
        source.start(codes::add);
    }

    private void push(int code) {
        push(code, 0);
    }

    private void push(int code, int padding) {
        camera.push(2, 1, new byte[] {(byte) code, (byte) padding});
    }

    /**
     * The source's counts once they equal {@code expected} or the wait ran out: the decoder hands a frame back
     * before the source has counted it, so the last frame's count can lag the test by a moment.
     */
    private CameraScanSource.Counts countsOnceSettled(CameraScanSource.Counts expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        CameraScanSource.Counts counts = source.counts();
        while (!counts.equals(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            counts = source.counts();
        }
        return counts;
    }

    private void awaitDecoded(int frames) throws InterruptedException {
        assertThat(decodedFrames.tryAcquire(frames, WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void deliversACodeStampedWithTheTimeItsFrameArrived() throws InterruptedException {
        startWith(Duration.ofSeconds(3), 100);
        clock.advance(Duration.ofMillis(40));

        push(7);

        ScannedCode code = codes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(code).isEqualTo(new ScannedCode("camera", "code-7", false, Duration.ofMillis(40).toNanos()));
        assertThat(source.health()).isEqualTo("STREAMING");
    }

    @Test
    void reportsTheSameCodeHeldInViewOncePerRepeatInterval() throws InterruptedException {
        // given a camera that sees the same code in frames 1 s apart, for 3.5 s
        startWith(Duration.ofSeconds(3), 100);
        for (int second = 0; second < 4; second++) {
            push(5);
            awaitDecoded(1);
            clock.advance(Duration.ofSeconds(1));
        }
        push(0);
        awaitDecoded(1);

        // then it was reported at 0 s and again at 3 s, and the frames in between counted as repeats
        assertThat(codes).extracting(ScannedCode::receivedNanos)
                .containsExactly(0L, Duration.ofSeconds(3).toNanos());
        assertThat(countsOnceSettled(new CameraScanSource.Counts(5, 4, 2, 2, 0)))
                .isEqualTo(new CameraScanSource.Counts(5, 4, 2, 2, 0));
    }

    @Test
    void decodesOnlyTheNewestFrameWhenFramesArriveWhileTheDecoderIsBusy() throws InterruptedException {
        // given a decoder stuck on frame 1
        decoderGate = new CountDownLatch(1);
        startWith(Duration.ofSeconds(3), 100);
        push(1);

        // when three more frames arrive before it is done
        awaitTaken();
        push(2);
        push(3);
        push(4);
        decoderGate.countDown();
        awaitDecoded(2);

        // then frames 2 and 3 were dropped unseen, and 4 was decoded next
        assertThat(codes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).extracting(ScannedCode::text).isEqualTo("code-1");
        assertThat(codes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).extracting(ScannedCode::text).isEqualTo("code-4");
        assertThat(camera.dropped()).isEqualTo(2);
        assertThat(timeline.events()).extracting(Timeline.Event::action)
                .containsExactly("start", "push", "push", "push", "drop", "push", "drop");
    }

    /** Waits until the decoding thread has taken the pending frame (it is then blocked in the decoder). */
    private void awaitTaken() throws InterruptedException {
        assertThat(entered.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cutsAnOverLongCodeAndMarksIt() throws InterruptedException {
        startWith(Duration.ofSeconds(3), 8);

        push(9, 20);

        ScannedCode code = codes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(code.text()).isEqualTo("code-9xx");
        assertThat(code.overLength()).isTrue();
    }

    @Test
    void skipsAFrameWhoseDecoderFailsAndGoesOn() throws InterruptedException {
        startWith(Duration.ofSeconds(3), 100);

        push(-1);
        awaitDecoded(1);
        push(3);

        assertThat(codes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).extracting(ScannedCode::text).isEqualTo("code-3");
    }

    @Test
    void deliversNothingAfterClose() throws InterruptedException {
        startWith(Duration.ofSeconds(3), 100);
        push(2);
        assertThat(codes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();

        source.close();
        push(3);

        assertThat(codes).isEmpty();
        assertThat(source.health()).isEqualTo("CLOSED");
        assertThat(List.copyOf(timeline.events())).extracting(Timeline.Event::action).contains("close");
    }
}
