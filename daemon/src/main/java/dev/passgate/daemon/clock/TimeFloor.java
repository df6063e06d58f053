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
        Instant floor = Instant.EPOCH;
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.US_ASCII) : List.of();
            if (lines.size() >= 2 && HEADER.equals(lines.get(0).strip())) {
                floor = Instant.ofEpochMilli(Long.parseLong(lines.get(1).strip()));
            }
        } catch (IOException | NumberFormatException e) {
            floor = Instant.EPOCH;
        }
        TimeFloor loaded = new TimeFloor(file, floor);
        for (Instant other : alsoAtLeast) {
            if (other.isAfter(loaded.floor)) {
                loaded.floor = other;
            }
        }
        return loaded;
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
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, HEADER + "\n" + floor.toEpochMilli() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            persisted = floor;
        }
    }
}
