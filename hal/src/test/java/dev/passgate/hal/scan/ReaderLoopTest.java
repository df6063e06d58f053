package dev.passgate.hal.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link ReaderLoop}: the reader thread's start, pause before reopening, close and join. */
class ReaderLoopTest {
    private final ReaderLoop loop = new ReaderLoop("scan source test:reader");

    @Test
    void aPauseBeforeReopeningEndsAsSoonAsClosingBegins() throws Exception {
        CompletableFuture<Boolean> pauseResult = new CompletableFuture<>();
        CountDownLatch pausing = new CountDownLatch(1);
        loop.start("passgate-test-reader", () -> { }, () -> {
            pausing.countDown();
            pauseResult.complete(loop.pause(Duration.ofDays(1)));
        });
        assertThat(pausing.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(loop.beginClose()).isTrue();

        assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
        assertThat(pauseResult.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(loop.closing()).isTrue();
    }

    @Test
    void theBodyRunsWhilePreparedAndNotClosingThenStops() throws Exception {
        AtomicBoolean prepared = new AtomicBoolean();
        CompletableFuture<Boolean> sawPrepared = new CompletableFuture<>();
        CountDownLatch ran = new CountDownLatch(1);
        loop.start("passgate-test-reader", () -> prepared.set(true), () -> {
            sawPrepared.complete(prepared.get() && loop.running());
            ran.countDown();
            while (loop.running()) {
                loop.pause(Duration.ofMillis(20));
            }
        });

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sawPrepared.get()).isTrue();
        loop.beginClose();
        assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void startsOnceAndNeverAfterClose() {
        loop.start("passgate-test-reader", () -> { }, () -> { });

        assertThatThrownBy(() -> loop.start("again", () -> { }, () -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("scan source test:reader was already started or closed");
        ReaderLoop closed = new ReaderLoop("frame source cam");
        assertThat(closed.beginClose()).isTrue();
        assertThat(closed.beginClose()).isFalse();
        AtomicBoolean prepared = new AtomicBoolean();
        assertThatThrownBy(() -> closed.start("late", () -> prepared.set(true), () -> { }))
                .hasMessage("frame source cam was already started or closed");
        assertThat(prepared).isFalse();
    }

    @Test
    void joinSaysWhenTheThreadDidNotStopInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loop.start("passgate-test-reader", () -> { }, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.beginClose();

        assertThat(loop.join(Duration.ofMillis(50))).isFalse();
        release.countDown();
        assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void joinBeforeStartOrFromTheThreadItselfDoesNotWait() throws Exception {
        assertThat(loop.join(Duration.ofDays(1))).isTrue();
        CompletableFuture<Boolean> fromItself = new CompletableFuture<>();
        loop.start("passgate-test-reader", () -> { }, () -> fromItself.complete(loop.join(Duration.ofDays(1))));

        assertThat(fromItself.get(5, TimeUnit.SECONDS)).isTrue();
    }
}
