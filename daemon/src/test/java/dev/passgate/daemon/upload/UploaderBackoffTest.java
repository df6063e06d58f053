package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.collector.CollectorLimits;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.hal.ManualDelays;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiosk's uploader against a collector that enforces its limits over real HTTP on loopback: a 413 makes it send
 * half as many records, a 429 makes it wait as long as {@code Retry-After} says, and in both cases it marks nothing
 * it was not told was stored and, once the collector takes batches again, loses nothing.
 */
class UploaderBackoffTest {
    private static final UploadSchedule.Settings BIG = new UploadSchedule.Settings(100, Duration.ofMinutes(1),
            Duration.ofSeconds(1), Duration.ofSeconds(2), 600, 100_000, Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void sendsHalfAsManyRecordsAfterA413AndLosesNothing() throws Exception {
        CollectorLimits small = new CollectorLimits(4096, 8192, 4, Duration.ofSeconds(30), Duration.ofSeconds(30));
        try (UploadRig rig = new UploadRig(dir, "gate-413", Clock.fixed(UploadRig.START, ZoneOffset.UTC), 10)
                .startCollector(CollectorServer.NONE, small)) {
            rig.scan(60, UploadRig.START);
            Uploader uploader = uploader(rig);
            List<Integer> sent = new ArrayList<>();
            List<UploadSchedule.Result> results = new ArrayList<>();
            for (int i = 0; i < 40 && !results.contains(UploadSchedule.Result.IDLE); i++) {
                Uploader.Attempt attempt = uploader.uploadOnce();
                sent.add(attempt.sent());
                results.add(attempt.result());
                if (attempt.result() == UploadSchedule.Result.FAILED) {
                    assertThat(uploader.status().lastProblem().orElseThrow()).contains("413").contains("too_large");
                }
            }

            assertThat(results).contains(UploadSchedule.Result.FAILED).endsWith(UploadSchedule.Result.IDLE);
            assertThat(sent.get(0)).isEqualTo(60);
            assertThat(sent.get(1)).isEqualTo(30);
            assertThat(rig.log.readRecords(0, 1000)).allMatch(ChainRecord::uploaded);
            DeviceReport report = rig.report();
            assertThat(report.records()).isEqualTo(60);
            assertThat(report.complete()).isTrue();
            System.out.printf("uploader on 413: records sent per attempt %s, collector records=%d complete=%s%n",
                    sent, report.records(), report.complete());
        }
    }

    @Test
    void waitsAsLongAsTheBusyCollectorAsksAndThenUploadsEverything() throws Exception {
        CollectorLimits one = new CollectorLimits(1 << 20, 1 << 20, 1, Duration.ofSeconds(30), Duration.ofSeconds(45));
        try (UploadRig rig = new UploadRig(dir, "gate-429", Clock.fixed(UploadRig.START, ZoneOffset.UTC), 10)
                .startCollector(CollectorServer.NONE, one)) {
            rig.scan(25, UploadRig.START);
            Uploader uploader = uploader(rig);
            Uploader.Attempt busy;
            // given a client holding the collector's only slot with a body that does not come
            try (Socket holder = new Socket("127.0.0.1", rig.server.address().getPort())) {
                OutputStream out = holder.getOutputStream();
                out.write(("POST /v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (rig.server.requests() < 1 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }

                // when the kiosk tries
                busy = uploader.uploadOnce();
            }

            // then it was told to come back after 45 s, and marked nothing
            assertThat(busy.result()).isEqualTo(UploadSchedule.Result.FAILED);
            assertThat(busy.retryAfter()).contains(Duration.ofSeconds(45));
            assertThat(uploader.status().lastProblem().orElseThrow()).contains("429").contains("busy");
            assertThat(rig.log.firstNotUploaded()).isEqualTo(1);
            Duration delay = new UploadSchedule(BIG, () -> 0).next(0, 0, busy.sent(), busy.result(),
                    busy.retryAfter());
            assertThat(delay).isGreaterThanOrEqualTo(Duration.ofSeconds(45));

            // and once the slot is free, everything goes
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Uploader.Attempt attempt = uploader.uploadOnce();
            while (attempt.result() != UploadSchedule.Result.IDLE && System.nanoTime() < deadline) {
                attempt = uploader.uploadOnce();
            }
            assertThat(rig.log.readRecords(0, 1000)).allMatch(ChainRecord::uploaded);
            assertThat(rig.report().complete()).isTrue();
            System.out.printf("uploader on 429: retry-after=%s schedule-delay=%s, then records=%d%n",
                    busy.retryAfter().orElseThrow(), delay, rig.report().records());
        }
    }

    private static Uploader uploader(UploadRig rig) {
        return new Uploader(rig.log, rig.signingKey(), rig.http(), new UploadSchedule(BIG, () -> 0),
                new ManualDelays(), System::nanoTime, Clock.systemUTC(), Optional.empty());
    }
}
