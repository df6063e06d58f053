package dev.passgate.daemon.bench;

import dev.passgate.daemon.app.Decision;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.hal.serial.SocatPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Scan to decision through a serial reader: a whole kiosk ({@link BenchKiosk}) reads the kiosk end of a socat
 * pseudo-terminal pair, and this harness writes codes into the reader's end, one at a time, each after the
 * previous decision (a closed loop: the figure is the latency of one scan, not of a queue). For every scan it
 * records {@link Decision#latencyNanos}: from the moment the serial reader thread got the line's last byte
 * (taken inside the reader, {@code ScannedCode.receivedNanos}) through verification, policy, the entry-log append
 * (SQLite, synchronous=FULL) to the feedback being given. It also records the round trip seen from the writer
 * (write into socat → decision), which adds socat's copy and the reader's wake-up. Prints p50/p99/p99.9/max and
 * the verdicts. Arguments: {@code [scans] [warm-up scans] [folder]}, default 10,000, 1,000 and the system's
 * temporary folder; the entry log lives in a fresh folder under {@code folder}, so naming a tmpfs such as
 * {@code /dev/shm} takes the disk's fsync out of the figure. Needs socat.
 */
public final class ScanLatencyHarness {
    private record Timed(Decision decision, long atNanos) {
    }

    private ScanLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int scans = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        if (!SocatPair.available()) {
            throw new IllegalStateException("socat is not installed; the scan-to-decision harness needs it");
        }
        Path dir = args.length > 2 ? Files.createTempDirectory(Path.of(args[2]), "passgate-scan-bench")
                : Files.createTempDirectory("passgate-scan-bench");
        BenchKiosk rig = new BenchKiosk();
        BlockingQueue<Timed> decisions = new LinkedBlockingQueue<>();
        long[] inside = new long[scans];
        long[] roundTrip = new long[scans];
        Map<String, Integer> verdicts = new TreeMap<>();
        System.out.println(Machine.describe());
        System.out.println("scan-to-decision harness: " + warmup + " warm-up scans, then " + scans + " measured; "
                + Machine.load() + "; entry log in " + dir);
        try (SocatPair reader = SocatPair.start(dir);
             Kiosk kiosk = rig.assemble(BenchKiosk.config(dir, reader.kiosk().toString()),
                     decision -> decisions.add(new Timed(decision, System.nanoTime())))) {
            kiosk.start();
            for (int i = -warmup; i < scans; i++) {
                String code = rig.nextCode() + "\r";
                long sent = System.nanoTime();
                reader.send(code);
                Timed timed = decisions.poll(10, TimeUnit.SECONDS);
                if (timed == null) {
                    throw new IllegalStateException("no decision within 10 s for scan " + i);
                }
                if (i >= 0) {
                    inside[i] = timed.decision().latencyNanos();
                    roundTrip[i] = timed.atNanos() - sent;
                    verdicts.merge(timed.decision().outcome().format() + " " + timed.decision().outcome().verdict(),
                            1, Integer::sum);
                }
            }
        }
        BenchKiosk.deleteTree(dir);
        System.out.println("scan-to-decision (serial line received -> feedback given), " + scans + " scans: "
                + new Percentiles(inside, scans).summary());
        System.out.println("round trip (written into socat -> decision), " + scans + " scans: "
                + new Percentiles(roundTrip, scans).summary());
        System.out.println("verdicts: " + verdicts);
        System.out.println("after the run: " + Machine.load());
    }
}
