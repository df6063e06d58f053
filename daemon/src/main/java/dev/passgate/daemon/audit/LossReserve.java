package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinylog.Logger;

/**
 * The loss ledger's durable copy: a small file pre-allocated beside the log while there is room, and then only
 * overwritten in place, so that it can still be written when the disk is full. It holds, per device and reason,
 * the decisions not written yet and not yet counted in a {@link GapRecord}; after a crash (kill -9 while the disk
 * is full) the next opening reads them back and writes their gap records as soon as it can.
 *
 * <p>File format, version 1 ({@code <database>.losses}, exactly {@value #BYTES} bytes of ASCII, LF line ends):
 * <pre>
 * passgate loss ledger 1
 * gate-1 STORAGE_FULL 151 1764950400000 1764950460000
 * </pre>
 * then spaces up to the size. The first line names the format; each further line is a device id, a
 * {@link GapReason} name, the count, and the wall times of the first and last loss in epoch milliseconds, one
 * line per reason. The file belongs to the log that opened it; each write replaces every line.
 *
 * <p>Not guaranteed: a crash between the commit of a gap record and the rewrite of this file counts those losses
 * twice at the next opening (never fewer); a file system that allocates on overwrite (copy-on-write) may still
 * refuse the write on a full disk; without the file (no room at the first opening) losses are in memory only.
 */
final class LossReserve implements AutoCloseable {
    static final int BYTES = 4096;
    static final String HEADER = "passgate loss ledger 1";

    /** One device's pending losses of one reason. */
    record Pending(GapReason reason, long count, Instant first, Instant last) {
    }

    private final Path file;
    private final FileChannel channel;
    private String written = "";

    private LossReserve(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static Path beside(Path database) {
        return database.resolveSibling(database.getFileName() + ".losses");
    }

    /** Opens the reserve beside {@code database}, creating and pre-allocating it if there is room; else null. */
    static LossReserve open(Path database) {
        return open(database, false);
    }

    /** As {@link #open(Path)}; with {@code quiet}, a failure is logged at debug level (a retry once a minute). */
    static LossReserve open(Path database, boolean quiet) {
        Path file = beside(database);
        try {
            if (!Files.exists(file)) {
                Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
                byte[] blank = new byte[BYTES];
                Arrays.fill(blank, (byte) ' ');
                byte[] header = (HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(header, 0, blank, 0, header.length);
                try (FileChannel create = FileChannel.open(temporary, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    create.write(ByteBuffer.wrap(blank));
                    create.force(true);
                }
                restrict(temporary);
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                SecretFiles.syncFolder(file.getParent());
            }
            return new LossReserve(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException e) {
            if (quiet) {
                Logger.debug("Loss ledger reserve {} still cannot be made: {}", file, e.getMessage());
            } else {
                Logger.warn("Loss ledger reserve {} cannot be made ({}); unlogged decisions are counted in memory"
                        + " only", file, e.getMessage());
            }
            return null;
        }
    }

    /** The losses recorded for {@code deviceId}; a damaged line is skipped and reported. */
    List<Pending> read(String deviceId) {
        List<Pending> pending = new ArrayList<>();
        try {
            ByteBuffer buffer = ByteBuffer.allocate(BYTES);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            String[] lines = text.split("\n");
            if (lines.length == 0 || !lines[0].equals(HEADER)) {
                Logger.warn("Loss ledger reserve {} does not start with '{}'; ignored", file, HEADER);
                return pending;
            }
            for (String line : Arrays.asList(lines).subList(1, lines.length)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 5 && parts[0].equals(deviceId)) {
                    try {
                        pending.add(new Pending(GapReason.valueOf(parts[1]), Long.parseLong(parts[2]),
                                Instant.ofEpochMilli(Long.parseLong(parts[3])),
                                Instant.ofEpochMilli(Long.parseLong(parts[4]))));
                    } catch (IllegalArgumentException e) {
                        Logger.warn("Loss ledger reserve {}: skipping line '{}'", file, line.strip());
                    }
                }
            }
        } catch (IOException e) {
            Logger.warn("Loss ledger reserve {} cannot be read: {}", file, e.getMessage());
        }
        pending.removeIf(p -> p.count() < 1);
        return pending;
    }

    /** Replaces the file's lines by {@code deviceId}'s {@code pending}, in place, and fsyncs it. */
    void write(String deviceId, List<Pending> pending) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Pending p : pending) {
            text.append(deviceId).append(' ').append(p.reason().name()).append(' ').append(p.count()).append(' ')
                    .append(p.first().toEpochMilli()).append(' ').append(p.last().toEpochMilli()).append('\n');
        }
        String content = text.toString();
        if (content.equals(written)) {
            return;
        }
        if (content.length() > BYTES) {
            Logger.error("Loss ledger reserve {}: {} lines do not fit {} bytes; not updated", file, pending.size(),
                    BYTES);
            return;
        }
        byte[] bytes = new byte[BYTES];
        Arrays.fill(bytes, (byte) ' ');
        byte[] encoded = content.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(encoded, 0, bytes, 0, encoded.length);
        try {
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.force(false);
            written = content;
        } catch (IOException e) {
            Logger.warn("Loss ledger reserve {} cannot be written: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            Logger.debug("Closing loss ledger reserve {}: {}", file, e.getMessage());
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            Logger.debug("Cannot restrict {}: {}", file, e.getMessage());
        }
    }
}
