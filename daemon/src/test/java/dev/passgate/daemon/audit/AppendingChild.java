package dev.passgate.daemon.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The writer that {@link EntryLogKillTest} kills: opens the log given as its first argument for the device given
 * as its second and appends as fast as it can, printing {@code ACK <sequence>} after each append has returned.
 * It stops by itself only when nobody reads its output any more or after {@value #MAX_APPENDS} appends, so a
 * forgotten child cannot fill the disk.
 */
public final class AppendingChild {
    static final int MAX_APPENDS = 100_000;

    private AppendingChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try (EntryLog log = EntryLog.open(Path.of(args[0]), args[1])) {
            for (int i = 0; i < MAX_APPENDS; i++) {
                long sequence = log.append(record(i));
                out.println("ACK " + sequence);
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
