package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Person-level reuse window: the same holder (by entry-log pseudonym, so for every format and for every pass the
 * holder owns) admitted again at this kiosk within the window. {@code REFUSE} turns the second {@code VALID} into
 * {@code REPLAYED} with the time of the first admission; {@code ALLOW} admits and logs it; {@code OFF} does
 * nothing. Elapsed time is measured on the monotonic clock, so setting the wall clock cannot reopen the door.
 * Only admissions are remembered, in memory: a restart forgets them (the QR replay cache of PG1 is the part that
 * survives a restart). Memory is bounded by the holders admitted within one window. Not thread-safe; the gate
 * handles one scan at a time.
 */
final class AntiPassback {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private final GateConfig.Passback mode;
    private final long windowNanos;
    private final Map<String, Admission> admitted = new HashMap<>();

    private record Admission(long nanos, Instant at) {
    }

    AntiPassback(GateConfig.Passback mode, Duration window) {
        this.mode = mode;
        this.windowNanos = window.toNanos();
    }

    /** Whether this window was set up with these settings, so that a reload can keep what it remembers. */
    boolean sameSettings(GateConfig.Passback otherMode, Duration otherWindow) {
        return mode == otherMode && windowNanos == otherWindow.toNanos();
    }

    /** The outcome after the reuse check; records the admission when the result is {@code VALID}. */
    Outcome apply(Outcome outcome, String pseudonym, Instant at, long nanos) {
        if (mode == GateConfig.Passback.OFF || !outcome.valid() || pseudonym == null) {
            return outcome;
        }
        admitted.values().removeIf(previous -> nanos - previous.nanos() >= windowNanos);
        Admission previous = admitted.get(pseudonym);
        if (previous != null && mode == GateConfig.Passback.REFUSE) {
            return outcome.withCheck("passback", false).withVerdict(Verdict.REPLAYED,
                    "already admitted at " + TIME.format(previous.at()) + " at this kiosk, within the "
                            + Duration.ofNanos(windowNanos).toMinutes() + " min anti-passback window");
        }
        if (previous != null) {
            Logger.info("holder admitted again within the anti-passback window (first at {})",
                    TIME.format(previous.at()));
        } else {
            admitted.put(pseudonym, new Admission(nanos, at));
        }
        return outcome.withCheck("passback", previous == null);
    }
}
