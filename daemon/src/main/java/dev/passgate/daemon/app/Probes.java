package dev.passgate.daemon.app;

import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.hal.Delays;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The probes of the kiosk's critical loops: the scan path, the feedback timer thread and the entry log. */
public final class Probes {
    private Probes() {
    }

    /** The scan path is stuck when one scan has been in progress for longer than {@code maxBusy}. */
    public static Probe scan(Gate gate, Duration maxBusy) {
        return () -> {
            long busy = gate.busyNanos();
            return busy > maxBusy.toNanos()
                    ? Optional.of("a scan has been in progress for " + Duration.ofNanos(busy).toMillis() + " ms")
                    : Optional.empty();
        };
    }

    /** The entry log answers a read; when its writer is hung this call blocks, which withholds the watchdog. */
    public static Probe entryLog(EntryLog log) {
        return () -> {
            try {
                log.lastSequence();
                return Optional.empty();
            } catch (EntryLogException e) {
                return Optional.of("unreadable: " + e.getMessage());
            }
        };
    }

    /**
     * The feedback timer thread runs a marker task scheduled at the previous probe; if the marker is still
     * waiting after {@code maxDelay}, the thread is stuck.
     */
    public static Probe timer(Delays delays, LongSupplier monotonic, Duration maxDelay) {
        AtomicLong scheduledAt = new AtomicLong(Long.MIN_VALUE);
        AtomicLong ranAt = new AtomicLong(Long.MIN_VALUE);
        return () -> {
            long now = monotonic.getAsLong();
            long scheduled = scheduledAt.get();
            boolean pending = scheduled != Long.MIN_VALUE && ranAt.get() < scheduled;
            if (pending && now - scheduled > maxDelay.toNanos()) {
                return Optional.of("timer task waiting for " + Duration.ofNanos(now - scheduled).toMillis() + " ms");
            }
            if (!pending) {
                scheduledAt.set(now);
                delays.schedule(Duration.ZERO, () -> ranAt.set(monotonic.getAsLong()));
            }
            return Optional.empty();
        };
    }
}
