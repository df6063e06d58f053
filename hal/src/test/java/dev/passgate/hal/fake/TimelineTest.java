package dev.passgate.hal.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.fake.Timeline.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimelineTest {
    @Test
    void printsOneReadableLinePerEvent() {
        AtomicLong now = new AtomicLong();
        Timeline timeline = new Timeline(now::get);
        timeline.record("light", "GREEN");
        now.set(120_000_000L);
        timeline.record("buzzer", "off");

        assertThat(timeline.toString()).isEqualTo("     0.000 ms  light GREEN\n   120.000 ms  buzzer off");
    }

    @Test
    void eventsIsASnapshotThatLaterRecordsDoNotChange() {
        Timeline timeline = new Timeline(() -> 7);
        timeline.record("relay", "on");

        List<Event> before = timeline.events();
        timeline.record("relay", "off");

        assertThat(before).containsExactly(new Event(7, "relay", "on"));
        assertThat(timeline.events()).hasSize(2);
    }

    @Test
    void keepsEveryEventFromConcurrentWritersWithStampsThatNeverGoBack() throws InterruptedException {
        // given a clock that moves on every reading and eight threads released together
        AtomicLong clock = new AtomicLong();
        Timeline timeline = new Timeline(clock::incrementAndGet);
        int threads = 8;
        int perThread = 500;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String device = "device" + t;
            Thread writer = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                    timeline.record(device, "step" + i);
                }
                done.countDown();
            });
            writer.start();
            writers.add(writer);
        }

        // when
        go.countDown();

        // then
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        List<Event> events = timeline.events();
        assertThat(events).hasSize(threads * perThread);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).nanos()).isGreaterThan(events.get(i - 1).nanos());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
