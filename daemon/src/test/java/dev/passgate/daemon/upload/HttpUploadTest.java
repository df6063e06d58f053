package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.hal.ManualDelays;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uploader against the reference collector over real HTTP on loopback. */
class HttpUploadTest {
    private static final UploadSchedule.Settings FAST = new UploadSchedule.Settings(100, Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofSeconds(5), 600, 1_000_000, Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void uploadsEveryRecordAndTheCollectorShowsACompleteVerifiedChain() throws Exception {
        try (UploadRig rig = new UploadRig(dir, "gate-1", Clock.fixed(UploadRig.START, ZoneOffset.UTC), 50)
                .startCollector(CollectorServer.NONE)) {
            // given 250 scans waiting
            rig.scan(250, UploadRig.START);
            ManualDelays delays = new ManualDelays();
            Uploader uploader = new Uploader(rig.log, rig.signingKey(), rig.http(),
                    new UploadSchedule(FAST, () -> 0.5), delays, delays::nanoTime, Clock.systemUTC(), Optional.empty());

            // when the loop runs for a simulated minute
            uploader.start();
            delays.advance(Duration.ofMinutes(1));

            // then every record is marked uploaded and the collector holds a complete chain
            assertThat(rig.log.readRecords(0, 1000)).allMatch(ChainRecord::uploaded);
            DeviceReport report = rig.report();
            assertThat(report.complete()).isTrue();
            assertThat(report.records()).isEqualTo(250);
            assertThat(report.lastSigned()).isEqualTo(250);
            assertThat(report.duplicates()).isZero();
            assertThat(uploader.status().pending()).isZero();
            assertThat(uploader.status().lastSuccess()).isPresent();
            assertThat(rig.server.requests()).isEqualTo(3);
            uploader.close();
        }
    }

    @Test
    void resendsABatchWhoseAnswerWasLostAndTheCollectorKeepsOneCopy() throws Exception {
        try (UploadRig rig = new UploadRig(dir, "gate-2", Clock.fixed(UploadRig.START, ZoneOffset.UTC), 50)
                .startCollector(number -> number <= 2)) {
            // given a collector that commits the first two batches and cuts the connection before answering
            rig.scan(120, UploadRig.START);
            Uploader uploader = new Uploader(rig.log, rig.signingKey(), rig.http(), new UploadSchedule(FAST, () -> 0),
                    new ManualDelays(), System::nanoTime, Clock.systemUTC(), Optional.empty());

            // when the uploader tries until everything is marked
            Uploader.Attempt first = uploader.uploadOnce();
            Uploader.Attempt second = uploader.uploadOnce();
            while (uploader.uploadOnce().result() != UploadSchedule.Result.IDLE) {
                assertThat(rig.server.requests()).isLessThan(10);
            }

            // then the lost answers were failures, the records were sent again, and deduplication left one copy
            assertThat(first.result()).isEqualTo(UploadSchedule.Result.FAILED);
            assertThat(second.result()).isEqualTo(UploadSchedule.Result.FAILED);
            assertThat(rig.log.readRecords(0, 1000)).allMatch(ChainRecord::uploaded);
            DeviceReport report = rig.report();
            assertThat(report.duplicates()).isEqualTo(200);
            assertThat(report.received()).isEqualTo(320);
            assertThat(report.records()).isEqualTo(120);
            assertThat(report.complete()).isTrue();
            System.out.printf("lost acknowledgements: batches cut after commit=2 received=%d duplicates-before-dedup=%d"
                    + " stored=%d duplicates-after-dedup=0 chain=%s%n", report.received(), report.duplicates(),
                    report.records(), report.chain());
        }
    }
}
