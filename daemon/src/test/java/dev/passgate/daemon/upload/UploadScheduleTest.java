package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure scheduling rules, driven by a simulated monotonic clock and chosen random numbers. */
class UploadScheduleTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final UploadSchedule.Settings DEFAULTS = new UploadSchedule.Settings(500, MINUTE,
            Duration.ofSeconds(5), Duration.ofHours(1), 6, 3000, Duration.ofMinutes(5));

    @Test
    void spreadsTheFirstAttemptOverTheWindowByDeviceIdAndKeepsItAcrossStarts() {
        Set<Long> seconds = new HashSet<>();
        long below = 0;
        for (int i = 0; i < 1000; i++) {
            Duration delay = UploadSchedule.startupDelay("kiosk-" + i, Duration.ofMinutes(5));
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofMinutes(5));
            assertThat(UploadSchedule.startupDelay("kiosk-" + i, Duration.ofMinutes(5))).isEqualTo(delay);
            seconds.add(delay.toSeconds());
            below += delay.compareTo(Duration.ofSeconds(150)) < 0 ? 1 : 0;
        }
        assertThat(seconds).hasSizeGreaterThan(250);
        assertThat(below).isBetween(400L, 600L);
        assertThat(UploadSchedule.startupDelay("kiosk-1", Duration.ZERO)).isZero();
    }

    @Test
    void backsOffExponentiallyWithFullJitterBetweenTheBounds() {
        UploadSchedule.Settings unpaced = new UploadSchedule.Settings(500, MINUTE, Duration.ofSeconds(5),
                Duration.ofHours(1), 600, 1_000_000, Duration.ZERO);
        UploadSchedule highest = new UploadSchedule(unpaced, () -> 0.999_999);
        UploadSchedule lowest = new UploadSchedule(unpaced, () -> 0.0);
        long now = 0;
        long[] expectedCapsSeconds = {5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600};
        for (long cap : expectedCapsSeconds) {
            Duration high = highest.next(now, now, 0, UploadSchedule.Result.FAILED, Optional.empty());
            Duration low = lowest.next(now, now, 0, UploadSchedule.Result.FAILED, Optional.empty());
            assertThat(high.toMillis()).isBetween(cap * 1000 - 10, cap * 1000);
            assertThat(low).isEqualTo(Duration.ofSeconds(5));
            now += Duration.ofHours(2).toNanos();
        }
        assertThat(highest.failures()).isEqualTo(expectedCapsSeconds.length);
        assertThat(highest.next(now, now, 10, UploadSchedule.Result.SENT_MORE_WAITING, Optional.empty()))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(highest.failures()).isZero();
    }

    @Test
    void waitsAtLeastWhatTheServerAskedForWithRetryAfter() {
        UploadSchedule schedule = new UploadSchedule(DEFAULTS, () -> 0.0);

        Duration delay = schedule.next(0, 0, 500, UploadSchedule.Result.FAILED, Optional.of(Duration.ofMinutes(7)));

        assertThat(delay).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void drainsABacklogWithinTheRequestAndRecordCeilingsInEveryMinute() {
        // given 100,000 records waiting and a collector that takes every batch in 50 ms
        UploadSchedule schedule = new UploadSchedule(DEFAULTS, () -> 0.5);
        long backlog = 100_000;
        long now = 0;
        long minuteNanos = MINUTE.toNanos();
        int[] requestsPerMinute = new int[200];
        long[] recordsPerMinute = new long[200];

        // when the uploader drains it under a simulated clock
        while (backlog > 0) {
            int sent = (int) Math.min(500, backlog);
            backlog -= sent;
            int minute = (int) (now / minuteNanos);
            requestsPerMinute[minute]++;
            recordsPerMinute[minute] += sent;
            long started = now;
            now += Duration.ofMillis(50).toNanos();
            now += schedule.next(started, now, sent, backlog > 0 ? UploadSchedule.Result.SENT_MORE_WAITING
                    : UploadSchedule.Result.IDLE, Optional.empty()).toNanos();
        }

        // then no minute holds more than the ceilings, and the drain took as long as the record bound says
        for (int minute = 0; minute < requestsPerMinute.length; minute++) {
            assertThat(requestsPerMinute[minute]).isLessThanOrEqualTo(6);
            assertThat(recordsPerMinute[minute]).isLessThanOrEqualTo(3000);
        }
        assertThat(now / minuteNanos).isBetween(33L, 35L);
    }

    @Test
    void looksAgainAfterTheIntervalWhenNothingWaits() {
        UploadSchedule schedule = new UploadSchedule(DEFAULTS, () -> 0.5);

        assertThat(schedule.next(0, 0, 0, UploadSchedule.Result.IDLE, Optional.empty())).isEqualTo(MINUTE);
    }

    @Test
    void variesTheIdleWaitByAQuarterEitherWaySoKiosksDriftApart() {
        UploadSchedule shortest = new UploadSchedule(DEFAULTS, () -> 0.0);
        UploadSchedule longest = new UploadSchedule(DEFAULTS, () -> 0.999_999);

        assertThat(shortest.next(0, 0, 0, UploadSchedule.Result.IDLE, Optional.empty()))
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(longest.next(0, 0, 0, UploadSchedule.Result.IDLE, Optional.empty()))
                .isBetween(Duration.ofSeconds(74), Duration.ofSeconds(75));
    }
}
