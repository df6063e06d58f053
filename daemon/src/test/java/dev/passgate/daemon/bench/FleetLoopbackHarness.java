package dev.passgate.daemon.bench;

import dev.passgate.config.UploadConfig;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.upload.HttpTransport;
import dev.passgate.daemon.upload.UploadSchedule;
import dev.passgate.daemon.upload.Uploader;
import dev.passgate.hal.ExecutorDelays;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A real fleet on loopback, to check the pure schedule's figures against real uploaders: the reference collector
 * (SQLite store, HTTP on 127.0.0.1, a free port) and K kiosks in this one JVM, each an {@link EntryLog} with its own
 * signing key in its own folder and a real {@link Uploader} (built as {@code Uploaders.create} builds it: an
 * {@link HttpTransport}, a {@link SecureRandom} for the backoff, an {@link ExecutorDelays} thread of its own, the
 * system clock and {@code System::nanoTime}), on a compressed time scale. A few driver threads ({@link ScanDriver})
 * append real records at the times drawn by {@link FleetScans} (a ramp up to a peak and down over the run); the
 * main thread counts the collector's requests in 1-second bins. When the scans stop, the uploaders get a bounded
 * time to drain. The same scans and start times then go through {@link FleetScheduleReplay} (the pure
 * {@link UploadSchedule} under a simulated clock), and the harness prints measured and predicted requests a second
 * side by side, next to the online design's baseline (one request per scan), and the collector's verdict on every
 * device's chain.
 *
 * <p>Arguments are {@code key=value} ({@link FleetOptions}); {@code folder=/dev/shm} puts the kiosks' logs and the
 * collector's store on tmpfs, which takes the disk's fsync out of the run (the output says where they are). Not a
 * test: it asserts nothing and its figures depend on the machine and its load, which it prints.
 */
public final class FleetLoopbackHarness {
    static final long SECOND = 1_000_000_000L;

    private record Kiosk(String device, EntryLog log, Uploader uploader, long initial) {
    }

    private record Measured(long[] bins, int seconds, int drainedAt) {
    }

    private FleetLoopbackHarness() {
    }

    public static void main(String[] args) throws Exception {
        FleetOptions options = FleetOptions.parse(args);
        System.out.println(Machine.describe());
        System.out.println("fleet loopback harness: " + options.describe());
        System.out.println("before the run: " + Machine.load());
        Path root = Files.createTempDirectory(options.folder(), "passgate-fleet");
        System.out.println("kiosk logs and collector store under " + root
                + (root.startsWith("/dev/shm") ? " (tmpfs: no fsync reaches a disk)" : " (on disk, fsync per commit)"));
        FleetScans scans = new FleetScans(options.kiosks(), options.run(), options.basePerMinute(),
                options.peakPerMinute(), options.seed());
        long cpuBefore = processCpuNanos();
        try (CollectorStore store = CollectorStore.open(root.resolve("collector.db"), Clock.systemUTC(), true);
             CollectorServer server = CollectorServer.start(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store, CollectorServer.NONE)) {
            URI url = URI.create("http://127.0.0.1:" + server.address().getPort() + CollectorServer.BATCHES);
            UploadConfig config = options.upload(url);
            MeteredTransport.Meter meter = new MeteredTransport.Meter();
            long opening = System.nanoTime();
            List<Kiosk> kiosks = openKiosks(options, root, config, meter);
            System.out.printf("opened %d kiosks (entry log, signing key, uploader) in %.1f s%n", kiosks.size(),
                    (System.nanoTime() - opening) / 1e9);
            long origin = System.nanoTime();
            long[] started = new long[kiosks.size()];
            for (int k = 0; k < kiosks.size(); k++) {
                started[k] = System.nanoTime() - origin;
                kiosks.get(k).uploader().start();
            }
            int bins = (int) ((options.run().toNanos() + options.drain().toNanos()) / SECOND) + 2;
            List<ScanDriver> drivers = ScanDriver.start(kiosks.stream().map(Kiosk::log).toList(), scans,
                    options.threads(), origin, bins, options.seed());
            Measured measured = monitor(server, kiosks, drivers, origin, options, bins);
            long failed = 0;
            for (Kiosk kiosk : kiosks) {
                failed += kiosk.uploader().failedAttempts();
                kiosk.uploader().close();
            }
            System.out.println("after the run: " + Machine.load() + "; peak threads "
                    + ManagementFactory.getThreadMXBean().getPeakThreadCount() + "; process CPU "
                    + String.format("%.1f s", (processCpuNanos() - cpuBefore) / 1e9));
            FleetScheduleReplay.Prediction predicted = FleetScheduleReplay.run(scans,
                    kiosks.stream().map(Kiosk::device).toList(), started,
                    kiosks.stream().mapToLong(Kiosk::initial).toArray(), UploadSchedule.Settings.of(config),
                    meter.meanSendNanos(), measured.seconds() * SECOND, options.seed());
            FleetReport report = new FleetReport(options, scans, drivers, measured.bins(), measured.seconds(),
                    measured.drainedAt(), predicted, meter, server.requests(), failed);
            report.print();
            report.printCollector(store, kiosks.stream().map(Kiosk::log).toList());
            for (Kiosk kiosk : kiosks) {
                kiosk.log().close();
            }
        } finally {
            BenchKiosk.deleteTree(root);
        }
    }

    private static List<Kiosk> openKiosks(FleetOptions options, Path root, UploadConfig config,
                                          MeteredTransport.Meter meter) throws Exception {
        List<Kiosk> kiosks = new ArrayList<>();
        UploadSchedule.Settings settings = UploadSchedule.Settings.of(config);
        for (int k = 0; k < options.kiosks(); k++) {
            String device = String.format("fleet-%05d", k);
            Path dir = root.resolve(device);
            DeviceKey key = DeviceKey.fromFile(dir.resolve("signing.pem"));
            EntryLog log = EntryLog.open(dir.resolve("entries.db"), device,
                    EntryLogOptions.defaults().withSigningKey(key)
                            .withCheckpoints(options.checkpointRecords(), options.checkpointEvery()));
            MeteredTransport transport = new MeteredTransport(new HttpTransport(config.url().orElseThrow(),
                    config.timeout(), Optional.empty(), config.proxy()), meter);
            SecureRandom random = new SecureRandom();
            ExecutorDelays thread = new ExecutorDelays("passgate-upload-" + k);
            Uploader uploader = new Uploader(log, Optional.of(key), transport,
                    new UploadSchedule(settings, random::nextDouble), thread, System::nanoTime, Clock.systemUTC(),
                    Optional.of(thread));
            kiosks.add(new Kiosk(device, log, uploader, log.pendingUpload()));
        }
        return kiosks;
    }

    /**
     * Samples the collector's request count at every whole second from {@code origin} (a monotonic deadline, parked
     * to), until the scans have stopped and every log has nothing left to upload, or the drain time has passed.
     */
    private static Measured monitor(CollectorServer server, List<Kiosk> kiosks, List<ScanDriver> drivers,
                                    long origin, FleetOptions options, int maxBins) throws Exception {
        long[] bins = new long[maxBins];
        long previous = server.requests();
        long runEnd = options.run().toNanos();
        long drainEnd = runEnd + options.drain().toNanos();
        int second = 0;
        int drainedAt = -1;
        while (second < maxBins) {
            second++;
            parkUntil(origin + second * SECOND);
            long now = server.requests();
            bins[second - 1] = now - previous;
            previous = now;
            if (second * SECOND < runEnd || drivers.stream().anyMatch(ScanDriver::running)) {
                continue;
            }
            if (pending(kiosks) == 0) {
                drainedAt = second;
                break;
            }
            if (second * SECOND >= drainEnd) {
                break;
            }
        }
        return new Measured(bins, second, drainedAt);
    }

    private static long pending(List<Kiosk> kiosks) throws Exception {
        long pending = 0;
        for (Kiosk kiosk : kiosks) {
            pending += kiosk.log().pendingUpload();
        }
        return pending;
    }

    /** Parks the calling thread until the monotonic clock reaches {@code deadline}. */
    static void parkUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Adds one to the 1-second bin of {@code at} (nanoseconds from the run's start), if the bins reach that far. */
    static void count(AtomicLongArray bins, long at) {
        int bin = (int) (at / SECOND);
        if (bin >= 0 && bin < bins.length()) {
            bins.incrementAndGet(bin);
        }
    }
}
