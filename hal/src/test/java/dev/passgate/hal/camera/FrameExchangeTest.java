package dev.passgate.hal.camera;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.Frame;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameExchangeTest {
    private final FrameExchange exchange = new FrameExchange();

    private Frame publish(long sequence) {
        byte[] buffer = exchange.spare(4);
        Frame frame = new Frame(2, 2, buffer, sequence * 1000, sequence);
        exchange.publish(frame);
        return frame;
    }

    @Test
    void aFramePublishedBeforeTheLastOneWasTakenIsDroppedAndTheNewestWins() throws InterruptedException {
        publish(1);
        publish(2);
        Frame third = publish(3);

        assertThat(exchange.take(Duration.ZERO)).contains(third);
        assertThat(exchange.dropped()).isEqualTo(2);
        assertThat(exchange.take(Duration.ZERO)).isEmpty();
    }

    @Test
    void twoBuffersCirculateWithoutNewAllocationsInSteadyState() throws InterruptedException {
        // given a producer that publishes twice per frame the consumer takes
        Set<byte[]> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 1; i <= 100; i++) {
            buffers.add(publish(2L * i).luma());
            buffers.add(publish(2L * i + 1).luma());
            exchange.take(Duration.ZERO).orElseThrow();
        }

        // then two buffers were ever used: the one being read and the one pending or being filled
        assertThat(buffers).hasSize(FrameExchange.BUFFERS);
        assertThat(exchange.dropped()).isEqualTo(100);
    }

    @Test
    void aBufferAskedForWhileTheConsumerReadsAndAFrameIsPendingIsThePendingOneWhichIsDropped()
            throws InterruptedException {
        // given the consumer reading one frame and the next one pending
        publish(1);
        Frame read = exchange.take(Duration.ZERO).orElseThrow();
        Frame pending = publish(2);

        // when the producer asks for a buffer for a third frame
        byte[] buffer = exchange.spare(4);

        // then it gets the pending frame's buffer, that frame is dropped, and the one being read is left alone
        assertThat(buffer).isSameAs(pending.luma()).isNotSameAs(read.luma());
        assertThat(exchange.dropped()).isEqualTo(1);
        assertThat(exchange.take(Duration.ZERO)).isEmpty();
    }

    @Test
    void theBufferOfATakenFrameIsLeftAloneUntilTheNextTake() throws InterruptedException {
        Frame first = publish(1);
        Frame taken = exchange.take(Duration.ZERO).orElseThrow();

        Frame second = publish(2);
        Frame third = publish(3);

        assertThat(taken).isSameAs(first);
        assertThat(second.luma()).isNotSameAs(taken.luma());
        assertThat(third.luma()).isNotSameAs(taken.luma());
    }

    @Test
    void closeWakesAWaitingTakeWithNothing() throws InterruptedException {
        Thread closer = new Thread(exchange::close);
        closer.start();

        assertThat(exchange.take(Duration.ofSeconds(30))).isEmpty();
        closer.join();
    }
}
