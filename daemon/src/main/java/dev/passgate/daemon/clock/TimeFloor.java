package dev.passgate.daemon.clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.tinylog.Logger;

/**
 * The earliest time the kiosk clock may plausibly show: the latest trusted time seen so far. A clock that reads
 * earlier than the floor has been set back (or a Raspberry Pi without a real-time clock has booted without a
 * network) and is not trusted. Kept in a small text file in the data folder, format version 1:
 *
 * <pre>
 *   passgate-time-floor 1\n
 *   &lt;epoch milliseconds, decimal&gt;\n
 * </pre>
 *
 * A version 1 sample lives in test resources ({@code clock/time-floor-v1}). The file is replaced atomically
 * (write a temporary file, then rename). It is rewritten only when the floor has risen by at least
 * {@link #PERSIST_STEP} since the last write, to spare the SD card, so after a crash the floor can be up to that
 * much lower than it was. A missing or unreadable file gives a floor of the epoch (no floor).
 * Not thread-safe; {@link TrustedClock} serialises access.
 */
public final class TimeFloor {
    public static final Duration PERSIST_STEP = Duration.ofMinutes(1);
    /** How far past the newest signed time a floor taken from the kiosk's own wall clock may go. */
    public static final Duration SIGNED_MARGIN = Duration.ofDays(1);
    private static final String HEADER = "passgate-time-floor 1";
    private final Path file;
    private Instant floor;
    private Instant persisted;

    private TimeFloor(Path file, Instant floor) {
        this.file = file;
        this.floor = floor;
        this.persisted = floor;
    }

    /** Reads the floor from {@code file}; {@code alsoAtLeast} are other trusted times (entry log, trust data). */
    public static TimeFloor load(Path file, List<Instant> alsoAtLeast) {
        return load(file, alsoAtLeast, List.of());
    }

    /**
     * Reads the floor from {@code file} and raises it to {@code alsoAtLeast}, times the kiosk's own wall clock gave
     * (the last entry-log record), but never beyond the newest signed time known ({@code signed}, e.g. the trust
     * data's issue time, and the floor file itself, which only synchronised or signed times raise) plus
     * {@link #SIGNED_MARGIN}: a clock that once ran far ahead cannot hold the floor up after it is right again.
     * With no signed time at all (a kiosk that never synchronised and has no trust bundle) the wall-clock times are
     * taken as they are; {@code passgate clock reset-floor} is then the way back.
     */
    public static TimeFloor load(Path file, List<Instant> alsoAtLeast, List<Instant> signed) {
        return load(file, alsoAtLeast, signed, null);
    }

    /**
     * As {@link #load(Path, List, List)}, and with no signed time at all, the wall-clock times are held at most
     * {@link #SIGNED_MARGIN} past {@code now} (the clock at start, when not null): a kiosk that never saw a signed
     * or synchronised time cannot tell a clock set back from a log written ahead, so a floor it took from its own
     * clock costs at most that margin of untrusted readings per start (a clock set back by a day or less is still
     * caught), and never holds the kiosk for months.
     */
    public static TimeFloor load(Path file, List<Instant> alsoAtLeast, List<Instant> signed, Instant now) {
        Instant floor = read(file);
        Instant anchor = floor;
        for (Instant time : signed) {
            anchor = time.isAfter(anchor) ? time : anchor;
        }
        boolean unsigned = !anchor.isAfter(Instant.EPOCH);
        if (unsigned && now != null) {
            anchor = now;
        }
        Instant cap = unsigned && now == null ? Instant.MAX : anchor.plus(SIGNED_MARGIN);
        TimeFloor loaded = new TimeFloor(file, floor);
        for (Instant other : alsoAtLeast) {
            Instant bounded = other.isAfter(cap) ? cap : other;
            if (bounded != other) {
                Logger.warn("time floor: the last logged time {} is more than {} h past the {} {}; the floor is held"
                        + " at {}", other, SIGNED_MARGIN.toHours(), unsigned ? "clock at start (no signed time known)"
                        : "newest signed time", anchor, cap);
            }
            if (bounded.isAfter(loaded.floor)) {
                loaded.floor = bounded;
            }
        }
        return loaded;
    }

    /** The floor stored in {@code file}; the epoch when it is missing or unreadable. */
    public static Instant read(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.US_ASCII) : List.of();
            if (lines.size() >= 2 && HEADER.equals(lines.get(0).strip())) {
                return Instant.ofEpochMilli(Long.parseLong(lines.get(1).strip()));
            }
        } catch (IOException | NumberFormatException e) {
            return Instant.EPOCH;
        }
        return Instant.EPOCH;
    }

    /** Replaces the floor in {@code file} by {@code value}, lower or higher, for a technician's reset. */
    public static void reset(Path file, Instant value) throws IOException {
        new TimeFloor(file, Instant.EPOCH).write(value);
    }

    public Instant value() {
        return floor;
    }

    /** Raises the floor to {@code seen} if it is later; persists it when it rose by {@link #PERSIST_STEP}. */
    public void raise(Instant seen) throws IOException {
        if (!seen.isAfter(floor)) {
            return;
        }
        floor = seen;
        if (Duration.between(persisted, floor).compareTo(PERSIST_STEP) >= 0) {
            write(floor);
        }
    }

    private void write(Instant value) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, HEADER + "\n" + value.toEpochMilli() + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        persisted = value;
    }
}
