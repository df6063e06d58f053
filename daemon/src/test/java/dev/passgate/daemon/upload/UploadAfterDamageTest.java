package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.hal.ManualDelays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capacity and corruption seen from the collector: decisions the full log could not keep arrive as one counted
 * GAP record, and a log file set aside as corrupt continues as a new chain after a RESTART record that explains
 * the hole, so the collector still shows a complete, verified chain.
 */
class UploadAfterDamageTest {
    private static final UploadSchedule.Settings FAST = new UploadSchedule.Settings(100, Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofSeconds(5), 600, 1_000_000, Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void countsDecisionsAFullLogCouldNotKeepExactlyAtTheCollector() throws Exception {
        SimClock clock = new SimClock(UploadRig.START);
        try (UploadRig rig = new UploadRig(dir, "gate-full", clock, 50,
                options -> options.withCapacity(100, Long.MAX_VALUE).withRetention(Duration.ofDays(28)))
                .startCollector(CollectorServer.NONE)) {
            // given a log at its bound of 100 records that then turns away 37 decisions
            rig.scan(100, clock.instant());
            long lost = 0;
            for (int i = 0; i < 37; i++) {
                Appended appended = rig.log.append(new EntryRecord(clock.instant(), i, "VALID", "HC1", null, null,
                        true));
                lost += appended instanceof Appended.Lost ? 1 : 0;
            }
            Uploader uploader = uploader(rig);
            drain(uploader);

            // when retention frees room 29 days later and scans go on
            clock.advance(Duration.ofDays(29));
            rig.log.maintain();
            rig.scan(5, clock.instant());
            drain(uploader);

            // then the collector counts exactly the decisions that were not kept, in a verified chain
            DeviceReport report = rig.report();
            assertThat(lost).isEqualTo(37);
            assertThat(report.lostDecisions()).isEqualTo(37);
            assertThat(report.complete()).isTrue();
            assertThat(report.purgedNotUploaded()).isZero();
            System.out.printf("capacity: bound=100 records, decisions not kept=%d, counted at the collector=%d,"
                    + " chain=%s complete=%s%n", lost, report.lostDecisions(), report.chain(), report.complete());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbled", "truncated"})
    void continuesAVerifiedChainAfterTheLogFileWasSetAside(String damage) throws Exception {
        try (UploadRig rig = new UploadRig(dir, "gate-corrupt", Clock.systemUTC(), 50)
                .startCollector(CollectorServer.NONE)) {
            // given 60 records uploaded and 25 more that never left the kiosk
            rig.scan(60, UploadRig.START);
            drain(uploader(rig));
            rig.scan(25, UploadRig.START.plusSeconds(100));

            // when the file is damaged while the kiosk is down, and it starts again and scans
            rig.restart(file -> damage(file, damage));
            assertThat(rig.log.status().setAside()).isPresent();
            long restart = rig.log.lastSequence();
            rig.scan(10, UploadRig.START.plusSeconds(500));
            drain(uploader(rig));

            // then the collector holds both chains, the hole is explained by the restart, and all of it verifies
            DeviceReport report = rig.report();
            assertThat(report.restarts()).isEqualTo(1);
            assertThat(report.missing()).singleElement().satisfies(hole -> {
                assertThat(hole.from()).isEqualTo(61);
                assertThat(hole.through()).isEqualTo(restart - 1);
                assertThat(hole.explained()).isTrue();
            });
            assertThat(report.chain()).isEqualTo(DeviceReport.INTACT);
            assertThat(report.complete()).isTrue();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(Path::getFileName).map(Path::toString))
                        .anyMatch(name -> name.startsWith("entries.db.corrupt-"));
            }
            System.out.printf("corruption (%s): set aside, restart at %d, records at the collector=%d, hole %d..%d"
                    + " explained, chain=%s complete=%s%n", damage, restart, report.records(), 61, restart - 1,
                    report.chain(), report.complete());
        }
    }

    private static void damage(Path file, String how) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (how.equals("truncated")) {
                channel.truncate(channel.size() / 2 + 100);
            } else {
                byte[] garbage = new byte[100];
                Arrays.fill(garbage, (byte) 0x5a);
                channel.write(ByteBuffer.wrap(garbage), 0);
            }
        }
    }

    private static Uploader uploader(UploadRig rig) {
        return new Uploader(rig.log, rig.signingKey(), rig.http(), new UploadSchedule(FAST, () -> 0),
                new ManualDelays(), System::nanoTime, Clock.systemUTC(), Optional.empty());
    }

    private static void drain(Uploader uploader) {
        for (int i = 0; i < 100 && uploader.uploadOnce().result() != UploadSchedule.Result.IDLE; i++) {
            assertThat(uploader.status().failures()).isLessThan(3);
        }
    }
}
