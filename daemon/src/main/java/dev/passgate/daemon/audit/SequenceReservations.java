package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Version 2 adds a meaning: a log that closes cleanly lowers its device's mark to the last number it used
 * ({@link #lowerTo}), so a chain that ends below the mark at the next opening was cut or its writer died
 * ({@link #exact}). Version 1 files (the same lines under {@code passgate sequence reservations 1}) are read as they
 * are, but their marks are whole blocks ahead even after a clean close, so they say nothing about a cut tail; when
 * a version 2 writer rewrites such a file, the marks it has not written itself keep a third word, {@code v1}
 * ({@code gate-2 1024 v1}), until their own device writes them.
 */
final class SequenceReservations {
    static final long BLOCK = 1024;
    static final String HEADER = "passgate sequence reservations 2";
    static final String HEADER_V1 = "passgate sequence reservations 1";
    /** The third word of a version 2 line whose mark was carried over from a version 1 file. */
    static final String LEGACY = "v1";

    private final Path file;
    private final Map<String, Long> known = new HashMap<>();
    /** Devices whose mark, as last read, dates from version 1 and so is not exact ({@link #exact}). */
    private Set<String> legacy = new HashSet<>();

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
            legacy.remove(deviceId);
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
        if (all.getOrDefault(deviceId, 0L) > sequence || legacy.contains(deviceId)) {
            all.put(deviceId, Math.min(sequence, all.getOrDefault(deviceId, sequence)));
            legacy.remove(deviceId);
            write(all);
        }
        known.remove(deviceId);
    }

    /**
     * Whether {@code deviceId}'s mark is exact after a clean close, so a chain that ends below it lost its tail or
     * its writer: true unless the mark dates from a version 1 file and this version has not written it since.
     */
    boolean exact(String deviceId) {
        read();
        return !legacy.contains(deviceId);
    }

    private Map<String, Long> read() {
        Map<String, Long> all = new LinkedHashMap<>();
        legacy = new HashSet<>();
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
        boolean version1 = lines.get(0).equals(HEADER_V1);
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(" ");
            try {
                boolean marked = parts.length == 3 && parts[2].equals(LEGACY);
                if (parts.length != 2 && !marked || Long.parseLong(parts[1]) < 0) {
                    throw new NumberFormatException(line);
                }
                all.merge(parts[0], Long.parseLong(parts[1]), Math::max);
                if (version1 || marked) {
                    legacy.add(parts[0]);
                }
            } catch (NumberFormatException e) {
                Logger.warn("Sequence reservations {}: skipping line '{}', expected '<device id> <sequence>'", file,
                        line.length() > 60 ? line.substring(0, 60) + "..." : line);
            }
        }
        return all;
    }

    private void write(Map<String, Long> all) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        all.forEach((device, sequence) -> text.append(device).append(' ').append(sequence)
                .append(legacy.contains(device) ? " " + LEGACY : "").append('\n'));
        SecretFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.US_ASCII),
                "sequence reservations");
    }
}
