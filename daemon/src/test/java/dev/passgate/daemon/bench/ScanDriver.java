package dev.passgate.daemon.bench;

import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One thread of the loopback fleet that appends real {@link EntryRecord}s to its share of the kiosks' logs (kiosk k
 * belongs to driver k mod n) at the times {@link FleetScans} drew, parking until each is due: mostly {@code VALID},
 * some {@code EXPIRED}, {@code REVOKED} and {@code NOT_YET_VALID}, holder ids of 32 random lowercase hex characters
 * (the shape of a pseudonym). The driver never waits on an uploader, only on the log's own lock, which the uploader
 * takes briefly to read a batch and to mark it; it times every append, and how late each one started against its
 * plan (a driver behind its plan would make the real run differ from the replay).
 */
final class ScanDriver implements Runnable {
    static final long SLOW_NANOS = 50_000_000L;
    private static final String[] VERDICTS = {"VALID", "EXPIRED", "REVOKED", "NOT_YET_VALID"};

    private final List<EntryLog> logs;
    private final long[] due;
    private final int[] kiosk;
    private final long origin;
    private final AtomicLongArray scanBins;
    private final Random random;
    private final Thread thread;
    final long[] appendNanos;
    final long[] lateNanos;
    int done;
    long written;
    long lost;
    long slow;

    private ScanDriver(List<EntryLog> logs, List<long[]> plan, long origin, AtomicLongArray scanBins, long seed,
                       int index) {
        this.logs = logs;
        this.due = plan.stream().mapToLong(p -> p[0]).toArray();
        this.kiosk = plan.stream().mapToInt(p -> (int) p[1]).toArray();
        this.origin = origin;
        this.scanBins = scanBins;
        this.random = new Random(seed * 7_919 + index);
        this.appendNanos = new long[due.length];
        this.lateNanos = new long[due.length];
        this.thread = new Thread(this, "fleet-scans-" + index);
    }

    /** Starts {@code threads} drivers over the scans of every kiosk, sharing one array of 1-second scan bins. */
    static List<ScanDriver> start(List<EntryLog> logs, FleetScans scans, int threads, long origin, int bins,
                                  long seed) {
        AtomicLongArray scanBins = new AtomicLongArray(bins);
        List<ScanDriver> drivers = new ArrayList<>();
        for (int index = 0; index < threads; index++) {
            List<long[]> plan = new ArrayList<>();
            for (int k = index; k < scans.kiosks(); k += threads) {
                for (long at : scans.of(k)) {
                    plan.add(new long[] {at, k});
                }
            }
            plan.sort(Comparator.comparingLong((long[] p) -> p[0]));
            drivers.add(new ScanDriver(logs, plan, origin, scanBins, seed, index));
        }
        drivers.forEach(driver -> driver.thread.start());
        return drivers;
    }

    @Override
    public void run() {
        Clock clock = Clock.systemUTC();
        byte[] holder = new byte[16];
        for (int i = 0; i < due.length; i++) {
            long deadline = origin + due[i];
            FleetLoopbackHarness.parkUntil(deadline);
            random.nextBytes(holder);
            double draw = random.nextDouble();
            String verdict = draw < 0.90 ? VERDICTS[0] : draw < 0.95 ? VERDICTS[1] : draw < 0.98 ? VERDICTS[2]
                    : VERDICTS[3];
            long started = System.nanoTime();
            EntryRecord record = new EntryRecord(clock.instant(), started, verdict, draw < 0.7 ? "HC1" : "PG1",
                    "kid-" + random.nextInt(4), HexFormat.of().formatHex(holder), true);
            Appended appended = logs.get(kiosk[i]).append(record);
            long ended = System.nanoTime();
            appendNanos[i] = ended - started;
            lateNanos[i] = Math.max(0, started - deadline);
            if (appendNanos[i] > SLOW_NANOS) {
                slow++;
            }
            if (appended instanceof Appended.Written) {
                written++;
            } else {
                lost++;
            }
            FleetLoopbackHarness.count(scanBins, started - origin);
            done = i + 1;
        }
    }

    boolean running() {
        return thread.isAlive();
    }

    /** Waits for the driver to finish its plan; its counters are then safe to read. */
    void join() throws InterruptedException {
        thread.join();
    }

    int planned() {
        return due.length;
    }

    /** The scans appended in each second of the run, by the time their append started: the online baseline. */
    long[] scanBins() {
        long[] bins = new long[scanBins.length()];
        Arrays.setAll(bins, scanBins::get);
        return bins;
    }
}
