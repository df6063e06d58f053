package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.UploadConfig;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.hal.ManualDelays;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector is down for 24 hours of an injected clock while the kiosk scans at a busy entrance's rate (a
 * scan every 20 s on average, about 4,300 a day): every record is kept, the uploader backs off instead of
 * hammering, and when the collector comes back the backlog drains at the configured bound, with nothing lost.
 * Memory: the uploader holds one batch at most; heap figures are printed, not asserted.
 */
class CollectorOutageTest {
    private static final Duration STEP = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void keepsEveryRecordThroughADayLongOutageAndDrainsAtTheBoundedRate() throws Exception {
        SimClock clock = new SimClock(UploadRig.START);
        ManualDelays delays = new ManualDelays();
        UploadSchedule.Settings settings = UploadSchedule.Settings.of(UploadConfig.DEFAULTS);
        try (UploadRig rig = new UploadRig(dir, "gate-outage", clock, 100).startCollector(CollectorServer.NONE)) {
            InetSocketAddress address = rig.server.address();
            CountingTransport transport = new CountingTransport(rig.http());
            rig.server.close();
            Uploader uploader = new Uploader(rig.log, rig.signingKey(), transport,
                    new UploadSchedule(settings, new Random(7)::nextDouble), delays, delays::nanoTime, clock,
                    Optional.empty());
            uploader.start();
            Random scans = new Random(11);
            long written = 0;
            List<String> heap = new ArrayList<>();

            // when the kiosk scans for 24 hours with the collector down
            for (long t = 0; t < Duration.ofHours(24).toSeconds(); t += STEP.toSeconds()) {
                if (scans.nextBoolean()) {
                    written = rig.scan(1, clock.instant());
                }
                if (t % Duration.ofHours(12).toSeconds() == 0) {
                    heap.add(heapMib());
                }
                clock.advance(STEP);
                delays.advance(STEP);
            }
            heap.add(heapMib());
            int attemptsDuringOutage = transport.attempts;

            // then every record is kept and the uploader tried rarely
            assertThat(rig.log.count()).isEqualTo(written);
            assertThat(rig.log.firstNotUploaded()).isEqualTo(1);
            assertThat(attemptsDuringOutage).isBetween(10, 80);
            assertThat(uploader.status().failures()).isEqualTo(attemptsDuringOutage);

            // when the collector comes back
            rig.server = CollectorServer.start(address, rig.store, CollectorServer.NONE);
            long drainStart = delays.nanoTime();
            long firstRequestAfter = -1;
            int sentBefore = transport.attempts;
            while (rig.log.firstNotUploaded() != 0) {
                clock.advance(Duration.ofSeconds(1));
                delays.advance(Duration.ofSeconds(1));
                if (firstRequestAfter < 0 && transport.attempts > sentBefore) {
                    firstRequestAfter = delays.nanoTime();
                }
                assertThat(delays.nanoTime() - drainStart).isLessThan(Duration.ofHours(3).toNanos());
            }
            Duration drain = Duration.ofNanos(delays.nanoTime() - firstRequestAfter);

            // then it drained at no more than max_records_per_minute, and the collector has every record
            double perMinute = (written - settings.batchSize()) / Math.max(1.0, drain.toSeconds() / 60.0);
            assertThat(drain).isGreaterThanOrEqualTo(Duration.ofSeconds(
                    (written - settings.batchSize()) * 60 / settings.maxRecordsPerMinute()));
            assertThat(transport.largestBatch).isEqualTo(settings.batchSize());
            DeviceReport report = rig.report();
            assertThat(report.records()).isEqualTo(written);
            assertThat(report.complete()).isTrue();
            assertThat(rig.log.readRecords(0, 100_000)).allMatch(ChainRecord::uploaded);
            System.out.printf("collector outage: simulated 24 h, scans=%d kept=%d attempts-during-outage=%d"
                            + " drain-requests=%d drain=%d s (%.0f records/min after the first batch, bound %d)"
                            + " lost=0 collector=%d chain=%s"
                            + " complete=%s largest-batch=%d heap-MiB(0h,12h,24h)=%s%n", written,
                    rig.log.count(), attemptsDuringOutage, transport.attempts - attemptsDuringOutage,
                    drain.toSeconds(), perMinute, settings.maxRecordsPerMinute(), report.records(), report.chain(),
                    report.complete(), transport.largestBatch, heap);
            uploader.close();
        }
    }

    private static String heapMib() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return String.valueOf(memory.getHeapMemoryUsage().getUsed() >> 20);
    }
}
