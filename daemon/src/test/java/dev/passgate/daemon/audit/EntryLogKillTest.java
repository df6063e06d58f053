package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments and checks that every entry it acknowledged is still
 * there, in one increasing sequence whose only jumps are explained by RESTART records (a writer that died leaves
 * its reserved numbers unused, and the next opening continues above them), in a file SQLite calls intact, and
 * that the hash chain and the signed checkpoints verify after every round. This is a process crash, not a power
 * cut: the operating system still writes out what the child had handed to it, so the test proves that the log never
 * acknowledges before COMMIT and that a torn WAL is recovered, not that the storage honours fsync.
 *
 * <p>The seed is printed; rerun with {@code -Dpassgate.killtest.seed=<seed>} to repeat a run, and choose the
 * number of rounds with {@code -Dpassgate.killtest.rounds=<n>}.
 */
class EntryLogKillTest {
    private static final String DEVICE = "gate-kill";
    private static final int MAX_ACKS_BEFORE_KILL = 300;
    private static final int SIGKILL_EXIT_CODE = 128 + 9;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void keepsEveryAcknowledgedEntryWhenTheWriterIsKilled() throws Exception {
        long seed = Long.getLong("passgate.killtest.seed", new Random().nextLong());
        int rounds = Integer.getInteger("passgate.killtest.rounds", 20);
        System.out.println("kill -9 test: seed " + seed + " (repeat with -Dpassgate.killtest.seed=" + seed + ")");
        Random random = new Random(seed);
        Path file = dir.resolve("kill/entries.db");
        Path key = dir.resolve("kill/signing.pem");
        PublicKey publicKey = DeviceKey.fromFile(key).publicKey();
        Tally tally = new Tally();

        for (int round = 1; round <= rounds; round++) {
            int killAfter = random.nextInt(5) == 0 ? random.nextInt(4) : 1 + random.nextInt(MAX_ACKS_BEFORE_KILL);
            List<Long> acks = runAndKill(file, key, killAfter, round);
            long stored = checkLog(file, acks, tally, round);
            ChainReport chain = ChainVerifier.verify(file, DEVICE, publicKey);
            assertThat(chain).as("round %d: chain", round).isInstanceOf(ChainReport.Intact.class);
            tally.add(acks, stored, (ChainReport.Intact) chain);
        }

        System.out.printf("kill -9 test: rounds=%d acked=%d stored=%d committed-not-acked=%d"
                        + " rounds-without-ack=%d lost=0 chain=ok-every-round checkpoints=%d last-signed=%d seed=%d%n",
                rounds, tally.acked, tally.stored, tally.stored - tally.acked, tally.roundsWithoutAck,
                tally.checkpoints, tally.lastSigned, seed);
    }

    /**
     * Starts a child, kills it after {@code killAfter} acks and returns every ack it printed before dying. The kill
     * goes through the process handle, which only sends SIGKILL; {@code Process.destroyForcibly} would also close
     * the pipe and lose the acks the child printed after the ones read so far.
     */
    private List<Long> runAndKill(Path file, Path key, int killAfter, int round)
            throws IOException, InterruptedException {
        Path stderr = dir.resolve("child-" + round + ".err");
        Process child = startChild(file, key, stderr);
        List<Long> acks = new ArrayList<>();
        try (BufferedReader out = child.inputReader(StandardCharsets.UTF_8)) {
            while (acks.size() < killAfter) {
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("round " + round + ": child ended by itself after " + acks.size()
                            + " acks: " + Files.readString(stderr));
                }
                collectAck(line, acks);
            }
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died within 30 s").isTrue();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                collectAck(line, acks);
            }
        } finally {
            child.destroyForcibly();
        }
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            assertThat(child.exitValue()).as("round %d: child killed by SIGKILL, stderr: %s", round,
                    Files.readString(stderr)).isEqualTo(SIGKILL_EXIT_CODE);
        }
        return acks;
    }

    private static Process startChild(Path file, Path key, Path stderr) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dtinylog.level=warn", "-cp", System.getProperty("java.class.path"),
                AppendingChild.class.getName(), file.toString(), DEVICE, key.toString());
        builder.redirectError(stderr.toFile());
        return builder.start();
    }

    private static void collectAck(String line, List<Long> acks) {
        if (line.startsWith("ACK ")) {
            acks.add(Long.parseLong(line.substring(4)));
        }
    }

    /** Reopens the log after a kill, checks it and returns the number of entries stored. */
    private static long checkLog(Path file, List<Long> acks, Tally tally, int round) throws Exception {
        List<Long> sequences = new ArrayList<>();
        long last;
        try (EntryLog log = EntryLog.open(file, DEVICE)) {
            log.readFrom(0, Integer.MAX_VALUE).forEach(entry -> sequences.add(entry.sequence()));
            long markers = log.readAll(0, Integer.MAX_VALUE).stream()
                    .filter(stored -> stored.record() instanceof RestartRecord).count();
            assertThat(log.count()).isEqualTo(sequences.size() + markers);
            last = log.lastSequence();
        }
        String context = "round " + round;
        assertThat(sequences).as(context).doesNotHaveDuplicates().isSorted();
        assertThat(sequences).as(context + ": every acknowledged entry is stored").containsAll(acks);
        for (int i = 0; i < acks.size(); i++) {
            assertThat(acks.get(i)).as(context + ": acks continue above what was stored before, one after another")
                    .isGreaterThan(tally.lastSequence).isEqualTo(acks.get(0) + i);
        }
        tally.lastSequence = last;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertThat(text(statement, "PRAGMA integrity_check")).as(context).isEqualTo("ok");
            assertThat(text(statement, "SELECT COUNT(*) - COUNT(DISTINCT device_id || '/' || seq) FROM records"))
                    .as(context + ": no duplicate keys").isEqualTo("0");
        }
        return sequences.size();
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static final class Tally {
        long acked;
        long stored;
        int roundsWithoutAck;
        long checkpoints;
        long lastSigned;
        long lastSequence;

        void add(List<Long> acks, long storedNow, ChainReport.Intact chain) {
            acked += acks.size();
            stored = storedNow;
            checkpoints = chain.checkpoints();
            lastSigned = chain.lastSignedSequence();
            if (acks.isEmpty()) {
                roundsWithoutAck++;
            }
        }
    }
}
