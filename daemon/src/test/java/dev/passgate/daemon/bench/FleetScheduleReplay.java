package dev.passgate.daemon.bench;

import dev.passgate.daemon.upload.UploadSchedule;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A fleet run replayed through the pure {@link UploadSchedule} under a simulated clock: a small discrete-event loop
 * over the same scans ({@link FleetScans}) and the same kiosk start times as the real run, doing on each attempt
 * what {@code Uploader.attempt()} does:
 * <ul>
 *   <li>the first attempt comes at the kiosk's start plus {@link UploadSchedule#startupDelay} of its device id;</li>
 *   <li>with nothing waiting, the attempt sends nothing (no request) and is {@code IDLE} with 0 records;</li>
 *   <li>with n records waiting, one request carries min(n, batch size); the result is {@code SENT_MORE_WAITING}
 *       when more than a batch waited at the start of the attempt (the uploader compares the log's last sequence,
 *       read before sending, with the last record sent), else {@code IDLE};</li>
 *   <li>a request takes {@code serviceNanos} (the real run's mean), and then the schedule is asked for the delay
 *       with the attempt's start and end, as the uploader's loop does.</li>
 * </ul>
 * Every request succeeds here; the real run prints its failures, and any would make the two differ. Not modelled:
 * requests carrying only checkpoints (a checkpoint is written in the transaction of the record it vouches for, so
 * it travels with it), the wake-up lag of the real executor threads, and a scan landing in the microseconds between
 * the uploader reading a batch and reading the log's last sequence.
 */
final class FleetScheduleReplay {
    private static final long SECOND = 1_000_000_000L;

    /** Requests per 1-second bin from the run's start, totals, and the time of the last request. */
    record Prediction(long[] requestsPerSecond, long requests, long records, long emptyLooks, long lastRequestNanos) {
    }

    private FleetScheduleReplay() {
    }

    /**
     * Replays until {@code horizonNanos}. {@code startNanos[k]} is when kiosk k's uploader was started and
     * {@code initial[k]} how many records its log held, not uploaded, at that moment; both from the start of the run.
     */
    static Prediction run(FleetScans scans, List<String> devices, long[] startNanos, long[] initial,
                          UploadSchedule.Settings settings, long serviceNanos, long horizonNanos, long seed) {
        int kiosks = devices.size();
        long[] bins = new long[(int) ((horizonNanos + SECOND - 1) / SECOND)];
        UploadSchedule[] schedules = new UploadSchedule[kiosks];
        int[] arrived = new int[kiosks];
        long[] sent = new long[kiosks];
        PriorityQueue<long[]> attempts = new PriorityQueue<>(Comparator.comparingLong((long[] a) -> a[0]));
        for (int k = 0; k < kiosks; k++) {
            Random random = new Random(seed + k);
            schedules[k] = new UploadSchedule(settings, random::nextDouble);
            Duration first = UploadSchedule.startupDelay(devices.get(k), settings.startupSpread());
            attempts.add(new long[] {startNanos[k] + first.toNanos(), k});
        }
        long requests = 0;
        long records = 0;
        long emptyLooks = 0;
        long lastRequest = -1;
        while (!attempts.isEmpty() && attempts.peek()[0] < horizonNanos) {
            long[] attempt = attempts.poll();
            long at = attempt[0];
            int k = (int) attempt[1];
            long[] times = scans.of(k);
            while (arrived[k] < times.length && times[arrived[k]] <= at) {
                arrived[k]++;
            }
            long waiting = initial[k] + arrived[k] - sent[k];
            Duration delay;
            long end = at;
            if (waiting == 0) {
                emptyLooks++;
                delay = schedules[k].next(at, end, 0, UploadSchedule.Result.IDLE, Optional.empty());
            } else {
                int batch = (int) Math.min(waiting, settings.batchSize());
                sent[k] += batch;
                requests++;
                records += batch;
                bins[(int) (at / SECOND)]++;
                lastRequest = at;
                end = at + serviceNanos;
                UploadSchedule.Result result = waiting > batch ? UploadSchedule.Result.SENT_MORE_WAITING
                        : UploadSchedule.Result.IDLE;
                delay = schedules[k].next(at, end, batch, result, Optional.empty());
            }
            attempts.add(new long[] {end + delay.toNanos(), k});
        }
        return new Prediction(bins, requests, records, emptyLooks, lastRequest);
    }
}
