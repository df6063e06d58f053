package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Sequence numbers reserved outside the database, so that a device never uses a number twice even when its
 * database is lost or set aside: a record is identified by (device id, sequence) everywhere, up to the collector.
 * Before a device writes a sequence above its reservation, the reservation is raised by {@value #BLOCK} and made
 * durable; a new database for the device then starts above it. Numbers reserved but never used are a gap a
 * {@link RestartRecord} explains.
 *
 * <p>File format, version 2 ({@code <database>.seq}, ASCII text, one entry per line, LF line ends):
 * <pre>
 * passgate sequence reservations 2
 * gate-1 2048
 * gate-2 1024
 * </pre>
 * The first line names the format; every further line is a device id, one space and the highest sequence the
 * device may have used, in decimal. The file is replaced atomically ({@link SecretFiles#writeAtomically}); callers
 * raise reservations only inside the database's write transaction, which serialises writers across processes.
 * An unreadable file is reported and treated as empty: then a lost database may be followed by reused numbers,
 * which the collector sees as a conflict on (device id, sequence).
 *
 * <p>Version 2 adds a meaning, not a field: a log that closes cleanly lowers its device's mark to the last number it
 * used ({@link #lowerTo}), so a chain that ends below the mark at the next opening was cut or its writer died
 * ({@link #exact}). Version 1 files (the same lines under {@code passgate sequence reservations 1}) are read as they
 * are, but their marks are whole blocks ahead even after a clean close, so they say nothing about a cut tail; the
 * next write of the file makes it version 2.
 */
final class SequenceReservations {
    static final long BLOCK = 1024;
    static final String HEADER = "passgate sequence reservations 2";
    static final String HEADER_V1 = "passgate sequence reservations 1";

    private final Path file;
    private final Map<String, Long> known = new HashMap<>();

    SequenceReservations(Path file) {
        this.file = file;
    }

    static Path beside(Path database) {
        return database.resolveSibling(database.getFileName() + ".seq");
    }

    Path file() {
        return file;
    }

    /** The highest sequence reserved for {@code deviceId}, 0 if none. */
    long reserved(String deviceId) {
        return read().getOrDefault(deviceId, 0L);
    }

    /** Makes sure {@code sequence} is reserved for {@code deviceId}, raising the reservation durably if not. */
    void ensure(String deviceId, long sequence) throws IOException {
        if (sequence <= known.getOrDefault(deviceId, 0L)) {
            return;
        }
        Map<String, Long> all = read();
        long current = all.getOrDefault(deviceId, 0L);
        if (sequence > current) {
            current = sequence + BLOCK - 1;
            all.put(deviceId, current);
            write(all);
        }
        known.put(deviceId, current);
    }

    /**
     * Lowers {@code deviceId}'s reservation to {@code sequence}, the last number it used, when the log closes
     * cleanly; never raises it. Callers hold the database's write transaction, so no writer of this device is
     * between reserving and inserting.
     */
    void lowerTo(String deviceId, long sequence) throws IOException {
        Map<String, Long> all = read();
        if (all.getOrDefault(deviceId, 0L) > sequence) {
            all.put(deviceId, sequence);
            write(all);
        }
        known.remove(deviceId);
    }

    /**
     * Whether the marks in the file are exact after a clean close (version 2, or no file yet), so a chain that ends
     * below its mark lost its tail or its writer; false for a version 1 file.
     */
    boolean exact() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            return lines.isEmpty() || !lines.get(0).equals(HEADER_V1);
        } catch (IOException e) {
            return true;
        }
    }

    private Map<String, Long> read() {
        Map<String, Long> all = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return all;
        } catch (IOException e) {
            Logger.warn("Sequence reservations {} cannot be read ({}); treating them as empty", file, e.getMessage());
            return all;
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER) && !lines.get(0).equals(HEADER_V1)) {
            Logger.warn("Sequence reservations {} do not start with '{}'; treating them as empty", file, HEADER);
            return all;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(" ");
            try {
                if (parts.length != 2 || Long.parseLong(parts[1]) < 0) {
                    throw new NumberFormatException(line);
                }
                all.merge(parts[0], Long.parseLong(parts[1]), Math::max);
            } catch (NumberFormatException e) {
                Logger.warn("Sequence reservations {}: skipping line '{}', expected '<device id> <sequence>'", file,
                        line.length() > 60 ? line.substring(0, 60) + "..." : line);
            }
        }
        return all;
    }

    private void write(Map<String, Long> all) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        all.forEach((device, sequence) -> text.append(device).append(' ').append(sequence).append('\n'));
        SecretFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.US_ASCII),
                "sequence reservations");
    }
}
