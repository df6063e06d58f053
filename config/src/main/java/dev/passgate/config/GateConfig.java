package dev.passgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the gate treats time and repeated holders: {@code [gate]} in the file.
 *
 * <p>{@code freshness} is how old a dynamic (PG1) presentation may be and {@code futureSkew} how far ahead of
 * the kiosk clock it may be. {@code passback} decides what happens when the same holder (by pseudonym, any
 * format) is admitted again within {@code passbackWindow} at this kiosk. {@code clockUntrusted} decides what
 * happens to time-dependent decisions while the clock is untrusted; {@code maxClockJump} is how far the wall
 * clock may drift from the monotonic clock between two scans before that counts as a jump; {@code syncFlag}
 * is the file whose presence and modification time say that the system clock was synchronised
 * (systemd-timesyncd's flag by default). This record does not read the flag file. {@code onFullDisk} decides
 * whether the door opens for a decision the entry log could not write (a full disk, the log's bound, a storage
 * fault): {@code OPEN} opens it and counts the decision in a gap record, {@code CLOSED} keeps it shut.
 */
public record GateConfig(Duration freshness, Duration futureSkew, Passback passback, Duration passbackWindow,
                         ClockUntrusted clockUntrusted, Duration maxClockJump, Path syncFlag, FullDisk onFullDisk) {

    /** What to do with a holder admitted again within the window. */
    public enum Passback { OFF, REFUSE, ALLOW }

    /** What to do with time-dependent checks while the clock is untrusted. */
    public enum ClockUntrusted { REFUSE, FLAG }

    /** Whether the door opens for a decision the entry log could not write. */
    public enum FullDisk { OPEN, CLOSED }

    public static final IntRange FRESHNESS_S_RANGE = new IntRange(5, 300);
    public static final IntRange FUTURE_SKEW_S_RANGE = new IntRange(0, 60);
    public static final IntRange PASSBACK_MINUTES_RANGE = new IntRange(1, 1440);
    public static final IntRange MAX_CLOCK_JUMP_MS_RANGE = new IntRange(100, 600_000);
    public static final Path DEFAULT_SYNC_FLAG = Path.of("/run/systemd/timesync/synchronized");
    public static final GateConfig DEFAULTS = new GateConfig(Duration.ofSeconds(30), Duration.ofSeconds(5),
            Passback.OFF, Duration.ofMinutes(10), ClockUntrusted.REFUSE, Duration.ofSeconds(2), DEFAULT_SYNC_FLAG,
            FullDisk.OPEN);

    /** Rejects a missing value. */
    public GateConfig {
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(futureSkew, "futureSkew");
        Objects.requireNonNull(passback, "passback");
        Objects.requireNonNull(passbackWindow, "passbackWindow");
        Objects.requireNonNull(clockUntrusted, "clockUntrusted");
        Objects.requireNonNull(maxClockJump, "maxClockJump");
        Objects.requireNonNull(syncFlag, "syncFlag");
        Objects.requireNonNull(onFullDisk, "onFullDisk");
    }

    /** The settings before {@code onFullDisk} existed; the door opens on a full disk. */
    public GateConfig(Duration freshness, Duration futureSkew, Passback passback, Duration passbackWindow,
                      ClockUntrusted clockUntrusted, Duration maxClockJump, Path syncFlag) {
        this(freshness, futureSkew, passback, passbackWindow, clockUntrusted, maxClockJump, syncFlag, FullDisk.OPEN);
    }
}
