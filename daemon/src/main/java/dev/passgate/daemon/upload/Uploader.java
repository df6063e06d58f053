package dev.passgate.daemon.upload;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * The background uploader: reads the entry log's rows that are not yet uploaded, in sequence order, sends them in
 * batches with the checkpoints that vouch for them, and marks as uploaded exactly the records the collector's answer
 * says it stored, never one it did not name. A batch whose answer was lost is sent again; the collector
 * deduplicates on (device id, sequence). Attempts are timed by {@link UploadSchedule} on the injected
 * {@link Delays} and monotonic source and run on the thread of those delays, which may block for the transport's
 * timeout (the daemon gives the uploader a thread of its own).
 *
 * A batch the collector refuses as too large (HTTP 413) is sent again at half the size, down to one record, and
 * stays at that size for the life of the uploader.
 *
 * <p>Memory holds one batch at a time, whatever the backlog. Not guaranteed: a record marked uploaded was stored by
 * the collector as far as its answer says; how durable that is, is the collector's promise (the reference
 * collector commits with {@code synchronous=FULL} before it answers; over MQTT it is the broker's acknowledgement,
 * see {@code docs/collector-api.md}).
 */
public final class Uploader implements AutoCloseable {
    private static final int TOO_LARGE = 413;
    private final EntryLog log;
    private final Optional<DeviceKey> key;
    private final Transport transport;
    private final UploadSchedule schedule;
    private final Delays delays;
    private final LongSupplier monotonic;
    private final Clock clock;
    private final Optional<AutoCloseable> thread;
    private final Object attemptLock = new Object();
    private long cursor = -1;
    private long checkpointCursor;
    private int batchLimit;
    private volatile long attemptStartedNanos = Long.MIN_VALUE;
    private volatile Instant lastSuccess;
    private volatile long pending;
    private volatile String lastProblem;
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile long uploaded;
    private Cancellable next = () -> { };
    private boolean closed;

    /** What one attempt did: records sent, records newly marked uploaded, and how the schedule should take it. */
    public record Attempt(int sent, int marked, UploadSchedule.Result result, Optional<Duration> retryAfter) {
    }

    /** With {@code key}, the device's checkpoint key, batches carry its public half and are signed by it. */
    public Uploader(EntryLog log, Optional<DeviceKey> key, Transport transport, UploadSchedule schedule,
                    Delays delays, LongSupplier monotonic, Clock clock, Optional<AutoCloseable> thread) {
        this.log = Objects.requireNonNull(log, "log");
        this.key = Objects.requireNonNull(key, "key");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.delays = Objects.requireNonNull(delays, "delays");
        this.monotonic = Objects.requireNonNull(monotonic, "monotonic");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Objects.requireNonNull(thread, "thread");
        this.batchLimit = schedule.settings().batchSize();
    }

    /** Schedules the first attempt after the device's start-up delay; the loop then schedules itself. */
    public synchronized void start() {
        Duration first = UploadSchedule.startupDelay(log.deviceId(), schedule.settings().startupSpread());
        Logger.info("uploader to {} starts in {} s", transport.describe(), first.toSeconds());
        next = delays.schedule(first, this::loop);
    }

    private void loop() {
        long started = monotonic.getAsLong();
        attemptStartedNanos = started;
        Attempt attempt;
        try {
            attempt = uploadOnce();
        } finally {
            attemptStartedNanos = Long.MIN_VALUE;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            Duration delay = schedule.next(started, monotonic.getAsLong(), attempt.sent(), attempt.result(),
                    attempt.retryAfter());
            next = delays.schedule(delay, this::loop);
        }
    }

    /**
     * Sends one batch, if anything waits, and marks what the collector stored. Never throws for a fault. One attempt
     * runs at a time, whichever thread calls.
     */
    public Attempt uploadOnce() {
        synchronized (attemptLock) {
            try {
                return attempt();
            } catch (EntryLogException | IllegalStateException e) {
                return failed(0, "entry log: " + e.getMessage(), Optional.empty());
            }
        }
    }

    private Attempt attempt() throws EntryLogException {
        if (cursor < 0) {
            long first = log.firstNotUploaded();
            long last = log.lastSequence();
            cursor = first > 0 ? first - 1 : last;
            checkpointCursor = Math.max(0, (first > 0 ? first : last + 1) - 2);
        }
        int limit = batchLimit;
        List<ChainRecord> page = log.readRecords(cursor, limit);
        List<ChainRecord> records = page.stream().filter(r -> !r.uploaded()).toList();
        if (records.isEmpty() && !page.isEmpty()) {
            cursor = page.get(page.size() - 1).sequence();
            return new Attempt(0, 0, UploadSchedule.Result.SENT_MORE_WAITING, Optional.empty());
        }
        long last = log.lastSequence();
        long through = records.isEmpty() ? last : records.get(records.size() - 1).sequence();
        List<Checkpoint> checkpoints = checkpointCursor >= through ? List.of()
                : log.checkpoints(checkpointCursor + 1, through);
        if (records.isEmpty() && checkpoints.isEmpty()) {
            cursor = Math.max(cursor, last);
            pending = 0;
            return new Attempt(0, 0, UploadSchedule.Result.IDLE, Optional.empty());
        }
        UploadBatch batch = key.map(k -> UploadBatch.signed(log.deviceId(), k, records, checkpoints))
                .orElseGet(() -> new UploadBatch(log.deviceId(), Optional.empty(), records, checkpoints));
        Delivery delivery = transport.send(batch);
        if (delivery instanceof Delivery.Failed failed) {
            return failed(records.size(), failed.reason(), Optional.empty());
        }
        if (delivery instanceof Delivery.Refused refused) {
            if (refused.status() == TOO_LARGE && records.size() > 1) {
                batchLimit = records.size() / 2;
                Logger.warn("upload to {}: the collector found a batch of {} records too large; sending at most {}",
                        transport.describe(), records.size(), batchLimit);
            }
            return failed(records.size(), refused.reason(), refused.retryAfter());
        }
        CollectorAnswer answer = ((Delivery.Answered) delivery).answer();
        int marked = mark(records, answer);
        if (!checkpoints.isEmpty() && answer.checkpoints() >= checkpoints.size()) {
            checkpointCursor = checkpoints.get(checkpoints.size() - 1).sequence();
        }
        if (marked < records.size() || answer.checkpoints() < checkpoints.size()) {
            return failed(records.size(), "the collector stored " + marked + " of " + records.size() + " records and "
                    + answer.checkpoints() + " of " + checkpoints.size() + " checkpoints", Optional.empty());
        }
        succeeded();
        pending = Math.max(0, last - cursor);
        UploadSchedule.Result result = last > cursor ? UploadSchedule.Result.SENT_MORE_WAITING
                : UploadSchedule.Result.IDLE;
        return new Attempt(records.size(), marked, result, Optional.empty());
    }

    /** Marks the records the answer names as stored; advances the cursor over the stored run at its start. */
    private int mark(List<ChainRecord> records, CollectorAnswer answer) throws EntryLogException {
        int marked = 0;
        boolean run = true;
        String device = log.deviceId();
        for (SequenceRange range : answer.stored()) {
            if (!range.deviceId().equals(device) || records.isEmpty()) {
                continue;
            }
            long from = Math.max(range.from(), records.get(0).sequence());
            long through = Math.min(range.through(), records.get(records.size() - 1).sequence());
            if (from <= through) {
                log.markUploaded(from, through);
            }
        }
        for (ChainRecord record : records) {
            if (answer.stores(device, record.sequence())) {
                marked++;
                if (run) {
                    cursor = record.sequence();
                }
            } else {
                run = false;
            }
        }
        uploaded += marked;
        return marked;
    }

    private void succeeded() {
        if (schedule.failures() > 0 || lastProblem != null) {
            Logger.info("upload to {} works again", transport.describe());
        }
        lastProblem = null;
        lastSuccess = clock.instant();
    }

    private Attempt failed(int sent, String reason, Optional<Duration> retryAfter) {
        if (lastProblem == null) {
            Logger.warn("upload to {} failed, backing off: {}", transport.describe(), reason);
        } else {
            Logger.debug("upload to {} failed again: {}", transport.describe(), reason);
        }
        lastProblem = reason;
        failedAttempts.incrementAndGet();
        return new Attempt(sent, 0, UploadSchedule.Result.FAILED, retryAfter);
    }

    /** Attempts that failed or were refused since start, for the metrics. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** The uploader's state for the daemon's status. */
    public UploadStatus status() {
        return new UploadStatus(transport.describe(), Optional.ofNullable(lastSuccess), pending, schedule.failures(),
                Optional.ofNullable(lastProblem), uploaded);
    }

    /** For the watchdog: a problem when one attempt has been running for longer than {@code maxBusy}. */
    public Optional<String> stuck(Duration maxBusy) {
        long started = attemptStartedNanos;
        if (started == Long.MIN_VALUE) {
            return Optional.empty();
        }
        long busy = monotonic.getAsLong() - started;
        return busy > maxBusy.toNanos() ? Optional.of("an upload has been running for "
                + Duration.ofNanos(busy).toMillis() + " ms") : Optional.empty();
    }

    /** Stops the loop (an attempt in progress finishes or is interrupted), its thread and the transport. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            next.cancel();
        }
        thread.ifPresent(t -> {
            try {
                t.close();
            } catch (Exception e) {
                Logger.warn("stopping the upload thread failed: {}", e.getMessage());
            }
        });
        transport.close();
    }
}
