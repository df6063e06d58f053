package dev.passgate.daemon.service;

import dev.passgate.daemon.app.Probe;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    private final List<String> sent = new ArrayList<>();
    private final ServiceNotifier recorder = assignments -> sent.add(String.join("|", assignments));

    @Test
    void petsOnlyWhileEveryLoopIsHealthyAndReportsTheFirstProblemOnce() {
        AtomicReference<String> scanProblem = new AtomicReference<>();
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("scan", () -> Optional.ofNullable(scanProblem.get()));
        probes.put("entry-log", Optional::empty);
        try (Watchdog watchdog = new Watchdog(probes, recorder, Duration.ofSeconds(1))) {
            watchdog.tick();
            scanProblem.set("stuck");
            watchdog.tick();
            watchdog.tick();
            scanProblem.set(null);
            watchdog.tick();
        }
        assertThat(sent).containsExactly("WATCHDOG=1", "STATUS=unhealthy: scan: stuck", "STATUS=healthy again",
                "WATCHDOG=1");
    }

    @Test
    void aBlockedProbeWithholdsTheWatchdogWithoutPilingUpThreads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int[] started = {0};
        Map<String, Probe> probes = Map.of("entry-log", () -> {
            synchronized (started) {
                started[0]++;
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        });
        try (Watchdog watchdog = new Watchdog(probes, recorder, Duration.ofMillis(20))) {
            assertThat(watchdog.tick()).contains("not answering within 20 ms");
            assertThat(watchdog.tick()).isPresent();
            release.countDown();
            Optional<String> after = watchdog.tick();
            while (after.isPresent()) {
                after = watchdog.tick();
            }
        }
        assertThat(sent).doesNotContain("WATCHDOG=1|").endsWith("WATCHDOG=1");
        assertThat(sent.get(0)).startsWith("STATUS=unhealthy: entry-log");
        synchronized (started) {
            assertThat(started[0]).as("probe starts: one stuck, then fresh ones").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void intervalIsHalfOfWatchdogUsecForThisProcessOnly() {
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "10000000"), 42)).contains(Duration.ofSeconds(5));
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "10000000", "WATCHDOG_PID", "42"), 42)).isPresent();
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "10000000", "WATCHDOG_PID", "7"), 42)).isEmpty();
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "soon"), 42)).isEmpty();
        assertThat(Watchdog.interval(Map.of(), 42)).isEmpty();
    }
}
