package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.cli.CliRun;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's memory budget under honest load at its limits: the real collector ({@code passgate collector},
 * a child JVM with the default limits at {@code -Xmx160m}, as {@code CollectorLimits} states) takes rounds of
 * {@code maxConcurrent} valid, signed batches just under the 4 MiB inflated limit at once, each parsed and verified
 * in full. Prints the most heap in use before a GC (from the child's {@code -Xlog:gc}) and checks it against the
 * stated budget (96 MiB of requests + 32 MiB). About a minute on two cores, so opt-in:
 * {@code -Dpassgate.collector.memory=true}.
 */
class CollectorNearLimitMemoryTest {
    private static final String DEVICE = "gate-big";
    private static final int INFLATED_LIMIT = 4 << 20;
    private static final int PARALLEL = 4;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "passgate.collector.memory", matches = "true")
    void parsesRoundsOfConcurrentNearLimitBatchesWithinTheStatedHeap() throws Exception {
        try (UploadRig device = new UploadRig(dir.resolve("device"), DEVICE, Clock.fixed(UploadRig.START,
                ZoneOffset.UTC), 1000)) {
            // given a valid signed batch just under the inflated limit
            device.scan(200, UploadRig.START);
            int perRecord = WireFormatSize.lines(device, 200) / 200;
            int records = (int) (INFLATED_LIMIT * 0.97) / perRecord;
            device.scan(records - 200, UploadRig.START.plusSeconds(200));
            List<ChainRecord> all = device.log.readRecords(0, records + 10);
            UploadBatch batch = UploadBatch.signed(DEVICE,
                    device.key, all, device.log.checkpoints());
            int inflated = WireFormat.lines(batch).length;
            int wire = WireFormat.encode(batch).length;
            assertThat(inflated).isLessThanOrEqualTo(INFLATED_LIMIT).isGreaterThan(INFLATED_LIMIT * 9 / 10);

            Path db = dir.resolve("collector/collector.db");
            Path pem = Files.writeString(dir.resolve("device.pub"), device.key.publicKeyPem());
            CliRun enrolled = CliRun.main("collector", "enroll", "--db", db.toString(), "--device", DEVICE, "--key",
                    pem.toString());
            assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
            Path stderr = dir.resolve("collector.err");
            Path gcLog = dir.resolve("gc.log");
            Process collector = CollectorFloodTest.start(stderr, gcLog, "collector", "--listen", "127.0.0.1:0",
                    "--db", db.toString());
            try {
                URI url = URI.create("http://127.0.0.1:" + CollectorChild.port(collector) + "/v1/batches");
                Map<String, Integer> answers = new TreeMap<>();
                // when rounds of four of them arrive at once
                ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
                try {
                    for (int round = 0; round < ROUNDS; round++) {
                        List<Future<Attacker.Answer>> sent = new ArrayList<>();
                        for (int i = 0; i < PARALLEL; i++) {
                            sent.add(pool.submit(() -> Attacker.post(url, batch)));
                        }
                        for (Future<Attacker.Answer> each : sent) {
                            Attacker.Answer answer = each.get(180, TimeUnit.SECONDS);
                            answers.merge(answer.status() + (answer.error().isEmpty() ? "" : " " + answer.error()),
                                    1, Integer::sum);
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }

                // then every one was parsed and answered (stored once, duplicates after), within the heap stated
                assertThat(answers).containsOnlyKeys("200");
                assertThat(collector.isAlive()).isTrue();
                CliRun report = CliRun.main("collector", "--db", db.toString(), "--report");
                assertThat(report.lines()).singleElement().satisfies(line -> assertThat(line).contains(
                        "\"device\":\"" + DEVICE + "\",\"complete\":true,\"chain\":\"INTACT\",\"records\":" + records
                                + ","));
                long[] peaks = peaksMiB(gcLog);
                assertThat(Files.readString(stderr)).doesNotContain("OutOfMemoryError");
                assertThat(peaks[1]).as("the most heap still live after a full GC, MiB").isLessThan(96 + 32);
                System.out.printf("collector near-limit batches (child JVM -Xmx160m, defaults): %d rounds of %d"
                        + " concurrent valid batches of %d records, %d bytes inflated (%.1f%% of the limit), %d on the"
                        + " wire; answers %s; %d GCs (%d full); most heap in use before a GC %d MiB, most still live"
                        + " after a full GC %d MiB (budget 96 MiB of requests + 32)%n", ROUNDS, PARALLEL, records,
                        inflated, 100.0 * inflated / INFLATED_LIMIT, wire, answers, peaks[2], peaks[3], peaks[0],
                        peaks[1]);
            } finally {
                collector.destroy();
                collector.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The size of the batch lines of a device's first records. */
    private static final class WireFormatSize {
        static int lines(UploadRig device, int count) throws Exception {
            return WireFormat.lines(UploadBatch.signed(DEVICE,
                    device.key, device.log.readRecords(0, count), List.of())).length;
        }
    }

    /**
     * From {@code -Xlog:gc}: the most heap in use before a GC, the most still in use after a full GC (the live set:
     * after a young GC the old generation still holds garbage), the number of GCs and of full GCs.
     */
    private static long[] peaksMiB(Path gcLog) throws IOException {
        Pattern sizes = Pattern.compile(" (\\d+)M->(\\d+)M\\(");
        long[] peaks = new long[4];
        for (String line : Files.readAllLines(gcLog)) {
            Matcher gc = sizes.matcher(line);
            if (gc.find()) {
                peaks[0] = Math.max(peaks[0], Long.parseLong(gc.group(1)));
                peaks[2]++;
                if (line.contains("Pause Full")) {
                    peaks[1] = Math.max(peaks[1], Long.parseLong(gc.group(2)));
                    peaks[3]++;
                }
            }
        }
        return peaks;
    }
}
