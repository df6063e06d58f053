package dev.passgate.daemon.upload;

import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.hal.ExecutorDelays;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The kiosk that {@link UploadKillTest} kills: opens the entry log (first argument) for the device (second) with
 * the signing key file (third), runs the uploader to the collector URL (fourth) on its own thread, and scans as
 * fast as it can, printing {@code ACK <sequence>} after each record is written. With a fifth argument
 * {@code drain} it scans nothing and exits with 0 once every record is uploaded. It stops by itself after
 * {@value #MAX_APPENDS} scans or when nobody reads its output, so a forgotten child cannot fill the disk.
 */
public final class UploadingChild {
    static final int MAX_APPENDS = 100_000;
    static final UploadSchedule.Settings SETTINGS = new UploadSchedule.Settings(200, Duration.ofMillis(20),
            Duration.ofMillis(20), Duration.ofMillis(200), 600, 1_000_000, Duration.ZERO);

    private UploadingChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        DeviceKey key = DeviceKey.fromFile(Path.of(args[2]));
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(key).withCheckpoints(50, Duration.ZERO);
        boolean drain = args.length > 4 && args[4].equals("drain");
        try (EntryLog log = EntryLog.open(Path.of(args[0]), args[1], options)) {
            HttpTransport transport = new HttpTransport(URI.create(args[3]), Duration.ofSeconds(5), Optional.empty(),
                    Optional.empty());
            SecureRandom random = new SecureRandom();
            ExecutorDelays thread = new ExecutorDelays("upload");
            Uploader uploader = new Uploader(log, Optional.of(key), transport,
                    new UploadSchedule(SETTINGS, random::nextDouble), thread, System::nanoTime, Clock.systemUTC(),
                    Optional.of(thread));
            if (drain) {
                drain(log, uploader, out);
                return;
            }
            uploader.start();
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

    private static void drain(EntryLog log, Uploader uploader, PrintStream out) throws Exception {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Uploader.Attempt done = uploader.uploadOnce();
            if (done.result() == UploadSchedule.Result.IDLE && log.firstNotUploaded() == 0) {
                out.println("DRAINED " + log.lastSequence());
                out.flush();
                uploader.close();
                return;
            }
        }
        System.exit(6);
    }

    private static EntryRecord record(int i) {
        return new EntryRecord(Instant.ofEpochMilli(1_770_000_000_000L + i), System.nanoTime(), "VALID", "HC1",
                "kid" + i % 5, String.format("%032x", i), true);
    }
}
