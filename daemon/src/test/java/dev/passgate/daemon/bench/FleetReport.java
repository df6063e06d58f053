package dev.passgate.daemon.bench;

import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prints the figures of one loopback fleet run as labelled lines: the scans and their appends, the online design's
 * baseline (one request per scan), the collector's requests a second measured next to the replay's prediction, the
 * bytes, the drain, and what the collector holds for every device ({@link DeviceReport}, as the collector's
 * {@code --report} builds it).
 */
final class FleetReport {
    private static final long SECOND = FleetLoopbackHarness.SECOND;

    private final FleetOptions options;
    private final FleetScans scans;
    private final List<ScanDriver> drivers;
    private final long[] measured;
    private final int seconds;
    private final int drainedAt;
    private final FleetScheduleReplay.Prediction predicted;
    private final MeteredTransport.Meter meter;
    private final long collectorRequests;
    private final long failedAttempts;

    FleetReport(FleetOptions options, FleetScans scans, List<ScanDriver> drivers, long[] measured, int seconds,
                int drainedAt, FleetScheduleReplay.Prediction predicted, MeteredTransport.Meter meter,
                long collectorRequests, long failedAttempts) {
        this.options = options;
        this.scans = scans;
        this.drivers = drivers;
        this.measured = measured;
        this.seconds = seconds;
        this.drainedAt = drainedAt;
        this.predicted = predicted;
        this.meter = meter;
        this.collectorRequests = collectorRequests;
        this.failedAttempts = failedAttempts;
    }

    void print() throws InterruptedException {
        int scanSeconds = (int) options.run().toSeconds();
        long[] scanBins = printScans();
        long[] online = Arrays.copyOf(scanBins, seconds);
        long[] real = Arrays.copyOf(measured, seconds);
        long[] model = Arrays.copyOf(predicted.requestsPerSecond(), seconds);
        int onlinePeak = peakAt(online);
        System.out.printf("online baseline (one request per scan): peak %d scans/s in second %d (planned peak %d),"
                + " mean %.1f scans/s over the %d s of scans%n", online[onlinePeak], onlinePeak,
                max(scans.perSecond(scanSeconds)), mean(online, scanSeconds), scanSeconds);
        int realPeak = peakAt(real);
        int modelPeak = peakAt(model);
        System.out.printf("collector requests, measured: %d (transport: %d answered, %d refused, %d failed; uploaders'"
                + " failed attempts %d), peak %d req/s in second %d, mean %.2f req/s over the scans, %.2f req/s over"
                + " the whole %d s%n", collectorRequests, meter.answered.sum(), meter.refused.sum(),
                meter.failed.sum(), failedAttempts, real[realPeak], realPeak, mean(real, scanSeconds),
                mean(real, seconds), seconds);
        System.out.printf("collector requests, predicted by the replay of UploadSchedule: %d, peak %d req/s in second"
                + " %d, mean %.2f req/s over the scans, %.2f req/s over the whole %d s; %d attempts found nothing"
                + " waiting (no request)%n", predicted.requests(), model[modelPeak], modelPeak,
                mean(model, scanSeconds), mean(model, seconds), seconds, predicted.emptyLooks());
        System.out.printf("measured / predicted: requests %.3f, peak %.2f, mean over the scans %.3f; bins differing:"
                + " %.1f%% of requests in 1-s bins, %.1f%% in 10-s windows%n",
                collectorRequests / (double) predicted.requests(), real[realPeak] / (double) model[modelPeak],
                mean(real, scanSeconds) / mean(model, scanSeconds), 100 * difference(real, model, 1),
                100 * difference(real, model, 10));
        System.out.printf("peak req/s / online peak scans/s: measured %.3f (%.1f times fewer), predicted %.3f (%.1f"
                + " times fewer); requests per scan over the run: measured %.3f, predicted %.3f%n",
                real[realPeak] / (double) online[onlinePeak], online[onlinePeak] / (double) real[realPeak],
                model[modelPeak] / (double) online[onlinePeak], online[onlinePeak] / (double) model[modelPeak],
                collectorRequests / (double) scans.total(), predicted.requests() / (double) scans.total());
        long requests = Math.max(1, meter.requests());
        System.out.printf("sent: %d records and %d checkpoints in %d requests (%.1f records a request); bodies %d"
                + " bytes gzip (%.0f a request, %.0f a record); mean request %.1f ms%n", meter.records.sum(),
                meter.checkpoints.sum(), meter.requests(), meter.records.sum() / (double) requests,
                meter.bodyBytes.sum(), meter.bodyBytes.sum() / (double) requests,
                meter.bodyBytes.sum() / (double) Math.max(1, meter.records.sum()), meter.meanSendNanos() / 1e6);
        System.out.printf("drain: scans stopped at %d s; every log had nothing left to upload at second %s; last"
                + " request measured in second %d, predicted at %.1f s%n", scanSeconds,
                drainedAt < 0 ? "(not within the drain time)" : Integer.toString(drainedAt), lastNonZero(real),
                predicted.lastRequestNanos() / 1e9);
        printWindows(online, real, model);
    }

    private long[] printScans() throws InterruptedException {
        long written = 0;
        long lost = 0;
        long slow = 0;
        int done = 0;
        for (ScanDriver driver : drivers) {
            driver.join();
            written += driver.written;
            lost += driver.lost;
            slow += driver.slow;
            done += driver.done;
        }
        long[] append = new long[done];
        long[] late = new long[done];
        int at = 0;
        for (ScanDriver driver : drivers) {
            System.arraycopy(driver.appendNanos, 0, append, at, driver.done);
            System.arraycopy(driver.lateNanos, 0, late, at, driver.done);
            at += driver.done;
        }
        System.out.printf("scans: planned %d (%d kiosks, %s to %s scans a minute each), appended %d, lost %d, by %d"
                + " driver threads%n", scans.total(), scans.kiosks(), options.basePerMinute(),
                options.peakPerMinute(), written, lost, drivers.size());
        System.out.println("append (SQLite commit, synchronous=FULL): " + new Percentiles(append, done).summary()
                + "; appends slower than " + ScanDriver.SLOW_NANOS / 1_000_000 + " ms: " + slow);
        System.out.println("append started behind its planned time: " + new Percentiles(late, done).summary());
        return drivers.get(0).scanBins();
    }

    private void printWindows(long[] online, long[] real, long[] model) {
        System.out.println("per 10 s window: seconds | scans (online requests) | measured requests | predicted");
        for (int from = 0; from < seconds; from += 10) {
            int to = Math.min(seconds, from + 10);
            System.out.printf("  %3d-%3d | %6d | %5d | %5d%n", from, to, sum(online, from, to), sum(real, from, to),
                    sum(model, from, to));
        }
    }

    /** What the collector holds per device, against what the kiosks' logs hold. */
    void printCollector(CollectorStore store, List<EntryLog> logs) throws Exception {
        Map<String, DeviceReport> reports = store.report().stream()
                .collect(Collectors.toMap(DeviceReport::deviceId, Function.identity()));
        long appended = 0;
        long pending = 0;
        long stored = 0;
        long distinct = 0;
        long received = 0;
        long duplicates = 0;
        long conflicts = 0;
        long unsigned = 0;
        int complete = 0;
        int exact = 0;
        int absent = 0;
        StringBuilder problems = new StringBuilder();
        for (EntryLog log : logs) {
            long last = log.lastSequence();
            appended += last;
            pending += log.pendingUpload();
            DeviceReport report = reports.get(log.deviceId());
            if (report == null) {
                absent++;
                continue;
            }
            stored += report.records();
            distinct += report.records() == 0 ? 0 : report.last() - report.first() + 1 - report.missing().stream()
                    .mapToLong(hole -> hole.through() - hole.from() + 1).sum();
            received += report.received();
            duplicates += report.duplicates();
            conflicts += report.conflicts();
            unsigned += report.last() - report.lastSigned();
            complete += report.complete() ? 1 : 0;
            boolean same = report.first() == 1 && report.last() == last && report.records() == last;
            exact += same ? 1 : 0;
            if ((!report.complete() || !same) && problems.length() < 600) {
                problems.append(' ').append(report.toJson().ToJSONString());
            }
        }
        System.out.printf("kiosk logs: %d records appended (scans and the logs' own markers), %d not uploaded at the"
                + " end%n", appended, pending);
        System.out.printf("collector: %d records stored, %d received, %d duplicates absorbed by deduplication, %d"
                + " duplicate rows after dedup, %d conflicts; %d records after their device's last checkpoint%n",
                stored, received, duplicates, stored - distinct, conflicts, unsigned);
        System.out.printf("devices: %d of %d complete (chain INTACT, verified with the device key, no unexplained"
                + " hole, no conflict); %d hold exactly their log's records 1..last; %d never reached the collector%n",
                complete, logs.size(), exact, absent);
        if (problems.length() > 0) {
            System.out.println("devices not complete or not matching their log:" + problems);
        }
    }

    private static int peakAt(long[] bins) {
        int peak = 0;
        for (int i = 1; i < bins.length; i++) {
            if (bins[i] > bins[peak]) {
                peak = i;
            }
        }
        return peak;
    }

    private static long max(long[] bins) {
        return bins.length == 0 ? 0 : bins[peakAt(bins)];
    }

    private static double mean(long[] bins, int count) {
        return sum(bins, 0, Math.min(count, bins.length)) / (double) Math.max(1, count);
    }

    private static long sum(long[] bins, int from, int to) {
        long sum = 0;
        for (int i = from; i < to && i < bins.length; i++) {
            sum += bins[i];
        }
        return sum;
    }

    private static int lastNonZero(long[] bins) {
        for (int i = bins.length - 1; i >= 0; i--) {
            if (bins[i] > 0) {
                return i;
            }
        }
        return -1;
    }

    /** Half the summed absolute differences of windows of {@code width} seconds, over the measured requests. */
    private static double difference(long[] real, long[] model, int width) {
        long differing = 0;
        long total = 0;
        for (int from = 0; from < real.length; from += width) {
            long a = sum(real, from, from + width);
            differing += Math.abs(a - sum(model, from, from + width));
            total += a;
        }
        return differing / 2.0 / Math.max(1, total);
    }
}
