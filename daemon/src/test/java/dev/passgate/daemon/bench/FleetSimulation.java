package dev.passgate.daemon.bench;

import dev.passgate.config.UploadConfig;
import dev.passgate.daemon.upload.UploadSchedule;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Harness: the central server's load from a fleet of kiosks through a lunchtime peak, under a simulated clock,
 * next to the online-verification design in which every scan is one request to the server (COOV and KI-PASS on
 * 13 December 2021). Each kiosk's upload timing comes from the real {@link UploadSchedule} with the shipped
 * {@code [upload]} defaults (or the interval given); a request is made only when records wait, as the real
 * uploader does; request sizes come from the real wire format ({@link FleetWireSizes}).
 *
 * <p>The scan profile, per kiosk, in scans per hour, piecewise linear in local time: 07:00 2, 09:00 5, 10:00 10,
 * 11:00 40, 11:30 100, 12:00 150, 12:30 150, 13:00 80, 13:30 40, 14:00 20, 15:00 10 (a busy restaurant or gym
 * entrance: 150 people an hour at the peak). Each kiosk's rate is scaled by a log-normal factor (mean 1, sigma
 * 0.5) and its lunch shifted by up to 15 minutes either way. Scans are a Poisson process (thinning). Kiosks were
 * switched on at 07:00 and first upload after their start-up delay (by device id); figures are taken over
 * 09:00-15:00 in 1-second bins.
 *
 * <p>Arguments: {@code [kiosks=100000] [seed=20211213] [interval-minutes] [start-up-spread-minutes]} (the last
 * two default to the shipped {@code [upload]} settings). Prints the peak and mean
 * requests per second and bytes per second of both designs, their ratio, and the scans that waited on the server
 * (none in passgate's design: the gate has no network call on the scan path; in the online design, every one).
 */
public final class FleetSimulation {
    private static final int START_HOUR = 7;
    private static final int WINDOW_FROM_HOUR = 9;
    private static final int END_HOUR = 15;
    private static final double[][] PROFILE = {
        {7.0, 2}, {9.0, 5}, {10.0, 10}, {11.0, 40}, {11.5, 100}, {12.0, 150}, {12.5, 150}, {13.0, 80},
        {13.5, 40}, {14.0, 20}, {15.0, 10}};
    private static final double PEAK_PER_HOUR = 150;
    private static final long SECOND = 1_000_000_000L;
    private static final long SERVER_LATENCY_NANOS = 50_000_000L;

    private final int kiosks;
    private final long seed;
    private final UploadSchedule.Settings settings;
    private final FleetWireSizes sizes;
    private final int seconds = (END_HOUR - START_HOUR) * 3600;
    private final long[] uploadRequests = new long[seconds];
    private final long[] uploadBytes = new long[seconds];
    private final long[] scans = new long[seconds];
    private long recordsSent;
    private long scanCount;

    FleetSimulation(int kiosks, long seed, UploadSchedule.Settings settings, FleetWireSizes sizes) {
        this.kiosks = kiosks;
        this.seed = seed;
        this.settings = settings;
        this.sizes = sizes;
    }

    public static void main(String[] args) throws Exception {
        int kiosks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20_211_213L;
        UploadSchedule.Settings defaults = UploadSchedule.Settings.of(UploadConfig.DEFAULTS);
        Duration interval = args.length > 2 ? Duration.ofMinutes(Long.parseLong(args[2])) : defaults.interval();
        Duration spread = args.length > 3 ? Duration.ofMinutes(Long.parseLong(args[3])) : defaults.startupSpread();
        UploadSchedule.Settings settings = new UploadSchedule.Settings(defaults.batchSize(), interval,
                defaults.minBackoff(), defaults.maxBackoff(), defaults.requestsPerMinute(),
                defaults.maxRecordsPerMinute(), spread);
        System.out.println("machine: " + Machine.describe());
        System.out.println("load before: " + Machine.load());
        FleetWireSizes sizes = FleetWireSizes.measure();
        System.out.println(sizes);
        long started = System.nanoTime();
        FleetSimulation simulation = new FleetSimulation(kiosks, seed, settings, sizes);
        simulation.run();
        System.out.printf(Locale.ROOT, "simulated %,d kiosks in %.1f s%n", kiosks,
                (System.nanoTime() - started) / 1e9);
        simulation.report();
        System.out.println("load after: " + Machine.load());
    }

    void run() {
        SplittableRandom fleet = new SplittableRandom(seed);
        for (int k = 0; k < kiosks; k++) {
            simulateKiosk(String.format(Locale.ROOT, "kiosk-%06d", k), fleet.split());
        }
    }

    private void simulateKiosk(String deviceId, SplittableRandom random) {
        double scale = Math.exp(0.5 * random.nextGaussian() - 0.125);
        double shiftHours = (random.nextDouble() * 2 - 1) * 0.25;
        long[] arrivals = arrivals(random, scale, shiftHours);
        scanCount += arrivals.length;
        for (long at : arrivals) {
            scans[(int) (at / SECOND)]++;
        }
        UploadSchedule schedule = new UploadSchedule(settings, random::nextDouble);
        long end = (long) seconds * SECOND;
        long now = UploadSchedule.startupDelay(deviceId, settings.startupSpread()).toNanos();
        int uploaded = 0;
        while (now < end) {
            int waiting = countUpTo(arrivals, uploaded, now) - uploaded;
            int records = Math.min(waiting, settings.batchSize());
            long answered = now + (records > 0 ? SERVER_LATENCY_NANOS : 0);
            if (records > 0) {
                int bin = (int) (now / SECOND);
                uploadRequests[bin]++;
                uploadBytes[bin] += sizes.requestBytes(records, uploaded);
                recordsSent += records;
                uploaded += records;
            }
            UploadSchedule.Result result = records == 0 || waiting == records ? UploadSchedule.Result.IDLE
                    : UploadSchedule.Result.SENT_MORE_WAITING;
            now = answered + schedule.next(now, answered, records, result, Optional.empty()).toNanos();
        }
    }

    /** Scan times in nanoseconds since 07:00, ascending: a Poisson process thinned to the profile. */
    private long[] arrivals(SplittableRandom random, double scale, double shiftHours) {
        double peak = PEAK_PER_HOUR * scale / 3600.0;
        long[] out = new long[64];
        int n = 0;
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / peak;
            if (t >= seconds) {
                return Arrays.copyOf(out, n);
            }
            double rate = rateAt(START_HOUR + t / 3600.0 - shiftHours) * scale / 3600.0;
            if (random.nextDouble() * peak < rate) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = (long) (t * SECOND);
            }
        }
    }

    /** The profile's rate at a local hour, in scans per hour; flat beyond its ends. */
    static double rateAt(double hour) {
        if (hour <= PROFILE[0][0]) {
            return PROFILE[0][1];
        }
        for (int i = 1; i < PROFILE.length; i++) {
            if (hour <= PROFILE[i][0]) {
                double f = (hour - PROFILE[i - 1][0]) / (PROFILE[i][0] - PROFILE[i - 1][0]);
                return PROFILE[i - 1][1] + f * (PROFILE[i][1] - PROFILE[i - 1][1]);
            }
        }
        return PROFILE[PROFILE.length - 1][1];
    }

    /** How many arrivals are at or before {@code now}, searching from {@code from}. */
    private static int countUpTo(long[] arrivals, int from, long now) {
        int i = from;
        while (i < arrivals.length && arrivals[i] <= now) {
            i++;
        }
        return i;
    }

    void report() {
        int from = (WINDOW_FROM_HOUR - START_HOUR) * 3600;
        Peak onlineRequests = Peak.of(scans, from);
        Peak uploadRequestPeak = Peak.of(uploadRequests, from);
        long[] onlineBytes = Arrays.stream(scans).map(n -> n * sizes.onlineRequestBytes()).toArray();
        Peak onlineBytePeak = Peak.of(onlineBytes, from);
        Peak uploadBytePeak = Peak.of(uploadBytes, from);
        System.out.printf(Locale.ROOT, "upload settings: batch %d, interval %s, requests/min %d, records/min %d, "
                + "start-up spread %s, backoff %s..%s%n", settings.batchSize(), settings.interval(),
                settings.requestsPerMinute(), settings.maxRecordsPerMinute(), settings.startupSpread(),
                settings.minBackoff(), settings.maxBackoff());
        System.out.printf(Locale.ROOT, "scans 07:00-15:00: %,d (%.0f per kiosk); records uploaded by 15:00: %,d%n",
                scanCount, scanCount / (double) kiosks, recordsSent);
        System.out.printf(Locale.ROOT, "online design (every scan one request), 09:00-15:00: peak %,d req/s at %s, "
                        + "mean %,.0f req/s; peak %s/s, mean %s/s%n", onlineRequests.max(),
                clock(onlineRequests.at()), onlineRequests.mean(), mib(onlineBytePeak.max()),
                mib((long) onlineBytePeak.mean()));
        System.out.printf(Locale.ROOT, "passgate uploads, 09:00-15:00: peak %,d req/s at %s, mean %,.1f req/s; "
                        + "peak %s/s, mean %s/s%n", uploadRequestPeak.max(), clock(uploadRequestPeak.at()),
                uploadRequestPeak.mean(), mib(uploadBytePeak.max()), mib((long) uploadBytePeak.mean()));
        System.out.printf(Locale.ROOT, "peak requests: %.2f%% of the online design (goal <= 1%%); peak bytes: %.1f%%; "
                        + "scans that waited on the server: passgate 0, online design %,d%n",
                100.0 * uploadRequestPeak.max() / onlineRequests.max(),
                100.0 * uploadBytePeak.max() / onlineBytePeak.max(), scanCount);
    }

    private static String clock(int second) {
        int s = START_HOUR * 3600 + second;
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }

    /** The largest 1-second bin from {@code from} on, where it was, and the mean. */
    record Peak(long max, int at, double mean) {
        static Peak of(long[] bins, int from) {
            long max = -1;
            int at = from;
            long sum = 0;
            for (int i = from; i < bins.length; i++) {
                sum += bins[i];
                if (bins[i] > max) {
                    max = bins[i];
                    at = i;
                }
            }
            return new Peak(max, at, sum / (double) (bins.length - from));
        }
    }
}
