package dev.passgate.daemon.clock;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The wall clock, read together with a judgement of whether it can be trusted for time-dependent decisions.
 *
 * <p>A reading is untrusted when the wall clock is below the persisted {@link TimeFloor}, or when the wall clock
 * moved differently from the monotonic clock since the previous trusted reading by more than {@code maxJump} plus
 * 500 ppm of the time between them (someone or something set it). A jump stays untrusted until the wall clock is
 * back in line with the monotonic clock, or until the system reports a synchronisation ({@link SyncSignal}) newer
 * than the one seen before the jump; a jump that coincides with a fresh synchronisation (the first NTP sync after
 * boot) is accepted at once. Trusted readings move the baseline forward, so slow corrections (NTP slewing) never
 * add up to a jump; trusted readings while the system reports synchronisation raise the floor. The first reading
 * has no baseline and is judged by the floor alone. The {@code issuedAt} of the installed trust data (signed by a
 * pinned root, so a time that really has passed) raises the floor too, as soon as it is installed.
 *
 * <p>Not guaranteed: a clock that was wrong before passgate started and is above the floor is trusted, and a
 * clock moved in steps smaller than {@code maxJump} between scans is followed. Thread-safe.
 */
public final class TrustedClock {
    /** 500 ppm, the most the kernel slews a clock: elapsed nanoseconds / 2000. */
    private static final long DRIFT_DIVISOR = 2000;
    /** How far past the newest signed time seen the clock may read and still be trusted to purge without a sync. */
    public static final Duration SIGNED_TIME_MARGIN = Duration.ofDays(1);
    private final Clock wall;
    private final LongSupplier monotonic;
    private final TimeFloor floor;
    private final SyncSignal sync;
    private final Duration maxJump;
    private final Supplier<Optional<Instant>> trustIssuedAt;
    private Instant baseWall;
    private long baseNanos;
    private boolean jumped;
    private OptionalLong lastMark = OptionalLong.empty();

    public TrustedClock(Clock wall, LongSupplier monotonic, TimeFloor floor, SyncSignal sync, Duration maxJump) {
        this(wall, monotonic, floor, sync, maxJump, Optional::empty);
    }

    /** A clock whose floor also follows {@code trustIssuedAt}: the issue time of the trust data in use. */
    public TrustedClock(Clock wall, LongSupplier monotonic, TimeFloor floor, SyncSignal sync, Duration maxJump,
                        Supplier<Optional<Instant>> trustIssuedAt) {
        this.trustIssuedAt = trustIssuedAt;
        this.wall = wall;
        this.monotonic = monotonic;
        this.floor = floor;
        this.sync = sync;
        this.maxJump = maxJump;
    }

    /** One reading: the instant, whether it is trusted, and why not. */
    public record Reading(Instant at, boolean trusted, String reason) {
    }

    public synchronized Reading read() {
        Instant at = wall.instant();
        long nanos = monotonic.getAsLong();
        OptionalLong mark = sync.lastSync();
        boolean freshSync = mark.isPresent() && !mark.equals(lastMark);
        lastMark = mark;
        trustIssuedAt.get().filter(issued -> issued.isAfter(floor.value())).ifPresent(this::raiseFloor);
        String reason = null;
        if (baseWall == null) {
            rebase(at, nanos);
        } else {
            Duration drift = Duration.between(baseWall.plusNanos(nanos - baseNanos), at);
            Duration allowed = maxJump.plusNanos((nanos - baseNanos) / DRIFT_DIVISOR);
            if (drift.abs().compareTo(allowed) <= 0) {
                jumped = false;
                rebase(at, nanos);
            } else if (freshSync) {
                Logger.info("wall clock moved by {} ms with a fresh synchronisation; accepted", drift.toMillis());
                jumped = false;
                rebase(at, nanos);
            } else {
                if (!jumped) {
                    Logger.warn("wall clock jumped by {} ms against the monotonic clock; untrusted until it is "
                            + "back or synchronised", drift.toMillis());
                }
                jumped = true;
                reason = "the wall clock jumped by " + drift.toMillis() + " ms against the monotonic clock";
            }
        }
        if (reason == null && at.isBefore(floor.value())) {
            reason = "the clock reads " + at + ", before the time floor " + floor.value();
        }
        if (reason == null && mark.isPresent()) {
            raiseFloor(at);
        }
        return new Reading(at, reason == null, reason);
    }

    /**
     * Whether the clock may decide to destroy records (the retention purge of records not uploaded yet): a trusted
     * {@link #read}, and either the system reports a synchronisation now or the reading is at most
     * {@link #SIGNED_TIME_MARGIN} after the issue time of the installed trust data, a time signed by a pinned root.
     * A clock that only looks plausible (above the floor, no jump) is not enough: a Raspberry Pi without a real-time
     * clock may have started from a bad fix weeks ahead and has nothing to compare it with.
     */
    public synchronized Reading readForPurge() {
        Reading reading = read();
        if (!reading.trusted() || sync.lastSync().isPresent()) {
            return reading;
        }
        Optional<Instant> signed = trustIssuedAt.get();
        if (signed.isPresent() && !reading.at().isAfter(signed.get().plus(SIGNED_TIME_MARGIN))) {
            return reading;
        }
        return new Reading(reading.at(), false, "no clock synchronisation is reported and the clock reads "
                + reading.at() + signed.map(s -> ", more than " + SIGNED_TIME_MARGIN.toHours()
                + " h after the trust data's issue time " + s).orElse(", with no signed time to compare it with"));
    }

    /** The time floor as it stands: a reading before it is untrusted. */
    public synchronized Instant floor() {
        return floor.value();
    }

    private void rebase(Instant at, long nanos) {
        baseWall = at;
        baseNanos = nanos;
    }

    private void raiseFloor(Instant at) {
        try {
            floor.raise(at);
        } catch (IOException e) {
            Logger.warn("cannot persist the time floor: {}", e.getMessage());
        }
    }
}
