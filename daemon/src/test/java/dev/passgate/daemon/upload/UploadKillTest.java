package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.RestartRecord;
import dev.passgate.daemon.audit.StoredRecord;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 harness of the upload: a child JVM scans at full speed while its uploader sends to the reference
 * collector on loopback; the child is killed with SIGKILL at random moments and restarted, and now and then the
 * collector is down for a round. After every round: the log opens, every record the log acknowledged is there
 * once, and every record the log marks uploaded is at the collector with the same hash (a mark is never ahead of
 * the collector's answer). At the end a last child drains the log, and the collector must show a complete chain
 * with every record, verified against the device key. Figures are printed.
 *
 * <p>{@code -Dpassgate.reliability.rounds=N} (default 50) sets the rounds; {@code -Dpassgate.reliability.seed=S}
 * repeats a run. Each round takes about a second, most of it the child JVM's start.
 */
class UploadKillTest {
    private static final String DEVICE = "gate-kill-upload";
    private static final int MAX_ACKS_BEFORE_KILL = 150;
    private static final int SIGKILL_EXIT_CODE = 128 + 9;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void losesNoAcknowledgedRecordAndLeavesNoDuplicateWhenTheKioskIsKilledWhileUploading() throws Exception {
        long seed = Long.getLong("passgate.reliability.seed", new Random().nextLong());
        int rounds = Integer.getInteger("passgate.reliability.rounds", 50);
        System.out.println("upload kill -9 test: seed " + seed + " (repeat with -Dpassgate.reliability.seed=" + seed
                + "), rounds " + rounds);
        Random random = new Random(seed);
        Path log = dir.resolve("kiosk/entries.db");
        Path key = dir.resolve("kiosk/signing.pem");
        DeviceKey deviceKey = DeviceKey.fromFile(key);
        Tally tally = new Tally();
        long started = System.nanoTime();
        try (CollectorStore store = CollectorStore.open(dir.resolve("collector/collector.db"), Clock.systemUTC())) {
            store.enroll(DEVICE, deviceKey.publicKey().getEncoded());
            CollectorServer server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    store, CollectorServer.NONE);
            InetSocketAddress address = server.address();
            String url = "http://127.0.0.1:" + address.getPort() + CollectorServer.BATCHES;
            for (int round = 1; round <= rounds; round++) {
                boolean outage = random.nextInt(10) == 0;
                if (outage) {
                    server.close();
                    tally.outages++;
                }
                int killAfter = random.nextInt(5) == 0 ? random.nextInt(4) : 1 + random.nextInt(MAX_ACKS_BEFORE_KILL);
                List<Long> acks = runAndKill(log, key, url, killAfter, round);
                if (outage) {
                    server = CollectorServer.start(address, store, CollectorServer.NONE);
                }
                check(log, dir.resolve("collector/collector.db"), acks, tally, round);
            }
            String drained = drain(log, key, url);
            server.close();
            DeviceReport report = store.report().get(0);
            long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertThat(report.complete()).as("collector report %s", report.toJson()).isTrue();
            assertThat(report.records()).isEqualTo(tally.records);
            assertThat(report.first()).isEqualTo(1);
            assertThat(report.last()).isEqualTo(tally.stored);
            System.out.printf("upload kill -9 test: rounds=%d collector-outages=%d db-opened=%d/%d acked=%d"
                            + " stored-in-log=%d restarts=%d committed-not-acked=%d acked-lost=0"
                            + " marked-not-at-collector=0 collector-records=%d received=%d duplicates-before-dedup=%d"
                            + " duplicates-after-dedup=0"
                            + " conflicts=%d chain=%s complete=%s checkpoints=%d last-signed=%d %s seconds=%d"
                            + " seed=%d%n",
                    rounds, tally.outages, tally.opened, rounds, tally.acked, tally.records, tally.restarts,
                    tally.records - tally.restarts - tally.acked, report.records(), report.received(),
                    report.duplicates(), report.conflicts(), report.chain(), report.complete(), report.checkpoints(),
                    report.lastSigned(),
                    drained, elapsed, seed);
        }
    }

    private List<Long> runAndKill(Path log, Path key, String url, int killAfter, int round)
            throws IOException, InterruptedException {
        Path stderr = dir.resolve("child.err");
        Process child = start(stderr, log.toString(), DEVICE, key.toString(), url);
        List<Long> acks = new ArrayList<>();
        try (BufferedReader out = child.inputReader(StandardCharsets.UTF_8)) {
            while (acks.size() < killAfter) {
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("round " + round + ": child ended by itself after " + acks.size()
                            + " acks: " + Files.readString(stderr));
                }
                collect(line, acks);
            }
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died within 30 s").isTrue();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                collect(line, acks);
            }
        } finally {
            child.destroyForcibly();
        }
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            assertThat(child.exitValue()).as("round %d: killed by SIGKILL, stderr: %s", round,
                    Files.readString(stderr)).isEqualTo(SIGKILL_EXIT_CODE);
        }
        return acks;
    }

    private String drain(Path log, Path key, String url) throws IOException, InterruptedException {
        Path stderr = dir.resolve("drain.err");
        Process child = start(stderr, log.toString(), DEVICE, key.toString(), url, "drain");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("drain: %s %s", output, Files.readString(stderr)).isZero();
        return output.replace("DRAINED ", "drained-through=");
    }

    private static Process start(Path stderr, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dtinylog.level=error", "-cp", System.getProperty("java.class.path"),
                UploadingChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    private static void collect(String line, List<Long> acks) {
        if (line.startsWith("ACK ")) {
            acks.add(Long.parseLong(line.substring(4)));
        }
    }

    /** Opens the log as the next start would, and checks it against the acks and against the collector. */
    private static void check(Path log, Path collector, List<Long> acks, Tally tally, int round) throws Exception {
        String context = "round " + round;
        long last;
        try (EntryLog reopened = EntryLog.open(log, DEVICE)) {
            last = reopened.lastSequence();
            tally.records = reopened.count();
            long previous = 0;
            tally.restarts = 0;
            for (StoredRecord stored : reopened.readAll(0, Integer.MAX_VALUE)) {
                long sequence = stored.sequence();
                boolean restart = stored.record() instanceof RestartRecord r && r.afterSequence() == sequence - 1;
                tally.restarts += restart ? 1 : 0;
                assertThat(sequence).as(context + ": one record per sequence, jumps only at a RESTART record")
                        .isEqualTo(restart && sequence > previous ? sequence : previous + 1);
                previous = stored.sequence();
            }
        }
        tally.opened++;
        for (int i = 0; i < acks.size(); i++) {
            assertThat(acks.get(i)).as(context + ": acks continue above what was stored, one after another")
                    .isGreaterThan(tally.stored).isEqualTo(acks.get(0) + i);
        }
        assertThat(last).as(context + ": every acknowledged record is stored")
                .isGreaterThanOrEqualTo(acks.isEmpty() ? tally.stored : acks.get(acks.size() - 1));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + log);
             Statement statement = connection.createStatement()) {
            assertThat(text(statement, "PRAGMA integrity_check")).as(context).isEqualTo("ok");
            statement.execute("ATTACH DATABASE '" + collector + "' AS c");
            assertThat(text(statement, "SELECT COUNT(*) FROM records r WHERE r.uploaded = 1 AND NOT EXISTS (SELECT 1"
                    + " FROM c.records x WHERE x.device_id = r.device_id AND x.seq = r.seq AND x.hash = r.hash)"))
                    .as(context + ": records marked uploaded but not at the collector").isEqualTo("0");
            assertThat(text(statement, "SELECT COUNT(*) FROM c.records x WHERE NOT EXISTS (SELECT 1 FROM records r"
                    + " WHERE r.device_id = x.device_id AND r.seq = x.seq AND r.hash = x.hash)"))
                    .as(context + ": collector records that differ from the log").isEqualTo("0");
            statement.execute("DETACH DATABASE c");
        }
        tally.acked += acks.size();
        tally.stored = last;
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static final class Tally {
        long acked;
        /** The last sequence in the log; above the record count once restart records skipped numbers. */
        long stored;
        long records;
        long restarts;
        int outages;
        int opened;
    }
}
