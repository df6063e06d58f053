package dev.passgate.daemon.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The writer that {@link EntryLogKillTest} kills: opens the log given as its first argument for the device given
 * as its second, signing checkpoints every {@value #CHECKPOINT_EVERY} records with the key file given as its third,
 * and appends as fast as it can, printing {@code ACK <sequence>} after each append has been written.
 * It stops by itself only when nobody reads its output any more or after {@value #MAX_APPENDS} appends, so a
 * forgotten child cannot fill the disk.
 */
public final class AppendingChild {
    static final int MAX_APPENDS = 100_000;
    static final int CHECKPOINT_EVERY = 50;

    private AppendingChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(DeviceKey.fromFile(Path.of(args[2])))
                .withCheckpoints(CHECKPOINT_EVERY, Duration.ZERO);
        try (EntryLog log = EntryLog.open(Path.of(args[0]), args[1], options)) {
            for (int i = 0; i < MAX_APPENDS; i++) {
                if (!(log.append(record(i)) instanceof Appended.Written written)) {
                    System.exit(5);
                    return;
                }
                out.println("ACK " + written.sequence());
                out.flush();
                if (out.checkError()) {
                    System.exit(3);
                }
            }
        }
        System.exit(4);
    }

    private static EntryRecord record(int i) {
        String holder = String.format("%032x", i);
        return new EntryRecord(Instant.ofEpochMilli(1_770_000_000_000L + i), System.nanoTime(), "VALID", "HC1",
                "kid" + (i % 5), holder, true);
    }
}
