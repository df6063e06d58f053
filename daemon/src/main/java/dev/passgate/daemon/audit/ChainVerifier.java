package dev.passgate.daemon.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * Walks one device's records in sequence order together with its checkpoints and reports whether the chain is
 * intact, or the first problem and where it is ({@link ChainReport}). It needs the device's public key, not the
 * data key: the chain covers bodies as stored. Usable on a log file, an open {@link EntryLog}, or rows received
 * over the wire by a collector.
 *
 * <p>The rules, in the order a problem is reported: records come one sequence after another (else GAP); each
 * record's stored hash is what its content hashes to (else TAMPERED) and its {@code prev_hash} is the previous
 * record's hash (else BROKEN_LINK). The first record chains to the device's genesis value when it is sequence 1 or
 * a RESTART record, and otherwise to the chain hash of a checkpoint at the sequence just before it, the anchor a
 * retention purge leaves (else UNANCHORED_START). Every checkpoint is signed by the key (else BAD_SIGNATURE), and
 * one at a stored record vouches for that record's hash (else CHECKPOINT_MISMATCH); one past the last record means
 * records were cut off the end (MISSING_RECORD), unless the device has no records left at all.
 *
 * A RESTART record after earlier records (the log continued above its sequence reservation after a crash or a
 * cut tail) starts the chain again at the genesis value; its {@code afterSequence} must be the number just before
 * it, and the numbers it jumps over are reported as skipped.
 *
 * <p>Not detected here: records cut off after the last checkpoint, and a whole log replaced by someone holding the
 * signing key. The collector, which knows what it has received, sees the first; {@code passgate log verify}
 * compares the end of the chain with the reservation mark ({@link EntryLog#reservationMark}).
 */
public final class ChainVerifier {
    private static final int PAGE = 1000;

    private ChainVerifier() {
    }

    /** A source of a device's records in sequence order, a page at a time. */
    @FunctionalInterface
    public interface Pages {
        List<ChainRecord> after(long sequence, int limit) throws EntryLogException;
    }

    /** The value the first record of a device's chain, and every RESTART record, links to (its genesis). */
    public static byte[] genesis(String deviceId) {
        return ChainEncoding.genesis(deviceId);
    }

    /** Verifies the records and checkpoints of {@code log}'s device. */
    public static ChainReport verify(EntryLog log, PublicKey key) throws EntryLogException {
        return verify(log.deviceId(), key, log::readRecords, log.checkpoints());
    }

    /** Verifies {@code deviceId}'s chain in the log file {@code file}, opened read-only. */
    public static ChainReport verify(Path file, String deviceId, PublicKey key) throws EntryLogException {
        if (!Files.isRegularFile(file)) {
            throw new EntryLogException(file, "no such file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(EntryLog.BUSY_TIMEOUT_MS);
        try (Connection connection = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file,
                config.toProperties())) {
            LogStore store = new LogStore(connection, deviceId);
            try (Statement statement = connection.createStatement()) {
                int version = EntrySchema.intQuery(statement, "PRAGMA user_version");
                if (version != EntrySchema.VERSION) {
                    throw new EntryLogException(file, "schema version " + version + "; expected " + EntrySchema.VERSION
                            + " (open the file once with passgate to migrate it)");
                }
            }
            List<Checkpoint> checkpoints = store.checkpoints();
            return verify(deviceId, key, (after, limit) -> {
                try {
                    return store.read(after, limit);
                } catch (SQLException e) {
                    throw new EntryLogException(file, "cannot read after sequence " + after, e);
                }
            }, checkpoints);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot verify", e);
        }
    }

    /** Verifies records given in sequence order, as a collector receives them. */
    public static ChainReport verify(String deviceId, PublicKey key, List<ChainRecord> records,
                                     List<Checkpoint> checkpoints) {
        Walk walk = new Walk(deviceId, key, checkpoints);
        for (ChainRecord record : records) {
            Optional<ChainReport.Broken> broken = walk.accept(record);
            if (broken.isPresent()) {
                return broken.get();
            }
        }
        return walk.finish();
    }

    /** Verifies records read a page at a time from {@code pages}. */
    public static ChainReport verify(String deviceId, PublicKey key, Pages pages, List<Checkpoint> checkpoints)
            throws EntryLogException {
        Walk walk = new Walk(deviceId, key, checkpoints);
        long after = 0;
        for (List<ChainRecord> page = pages.after(after, PAGE); !page.isEmpty(); page = pages.after(after, PAGE)) {
            for (ChainRecord record : page) {
                Optional<ChainReport.Broken> broken = walk.accept(record);
                if (broken.isPresent()) {
                    return broken.get();
                }
            }
            after = page.get(page.size() - 1).sequence();
        }
        return walk.finish();
    }

    /** The state of one walk along a chain. */
    private static final class Walk {
        private final String deviceId;
        private final PublicKey key;
        private final List<Checkpoint> checkpoints;
        private final BodyCodec markers = new BodyCodec(null);
        private int nextCheckpoint;
        private ChainRecord previous;
        private long first;
        private long records;
        private long lastSigned;
        private long lost;
        private long purged;
        private long restarts;
        private long skipped;

        Walk(String deviceId, PublicKey key, List<Checkpoint> checkpoints) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            this.key = Objects.requireNonNull(key, "key");
            this.checkpoints = new ArrayList<>(checkpoints);
            this.checkpoints.sort(Comparator.comparingLong(Checkpoint::sequence));
        }

        Optional<ChainReport.Broken> accept(ChainRecord record) {
            Optional<ChainReport.Broken> broken = checkpointsBefore(record.sequence());
            if (broken.isEmpty()) {
                broken = link(record);
            }
            if (broken.isEmpty()) {
                broken = count(record);
            }
            if (broken.isEmpty()) {
                broken = checkpointAt(record);
            }
            previous = record;
            records++;
            return broken;
        }

        ChainReport finish() {
            for (; nextCheckpoint < checkpoints.size(); nextCheckpoint++) {
                Checkpoint checkpoint = checkpoints.get(nextCheckpoint);
                if (!checkpoint.verifies(key)) {
                    return badSignature(checkpoint);
                }
                if (previous != null) {
                    return broken(ChainReport.Problem.MISSING_RECORD, previous.sequence() + 1, "a checkpoint"
                            + " vouches for record " + checkpoint.sequence() + " but the last record is "
                            + previous.sequence());
                }
            }
            long last = previous == null ? 0 : previous.sequence();
            return new ChainReport.Intact(deviceId, first, last, records, checkpoints.size(), lastSigned, lost,
                    purged, restarts, skipped);
        }

        /** Checkpoints below {@code sequence}: anchors before the first record, or vouching for missing records. */
        private Optional<ChainReport.Broken> checkpointsBefore(long sequence) {
            for (; nextCheckpoint < checkpoints.size(); nextCheckpoint++) {
                Checkpoint checkpoint = checkpoints.get(nextCheckpoint);
                if (checkpoint.sequence() >= sequence) {
                    break;
                }
                if (!checkpoint.verifies(key)) {
                    return Optional.of(badSignature(checkpoint));
                }
                if (previous != null && checkpoint.sequence() > previous.sequence()) {
                    return Optional.of(broken(ChainReport.Problem.GAP, previous.sequence() + 1, "records from "
                            + (previous.sequence() + 1) + " are missing; a checkpoint vouches for record "
                            + checkpoint.sequence()));
                }
            }
            return Optional.empty();
        }

        private Optional<ChainReport.Broken> link(ChainRecord record) {
            long sequence = record.sequence();
            if (!record.deviceId().equals(deviceId)) {
                return Optional.of(broken(ChainReport.Problem.UNREADABLE, sequence, "record belongs to device "
                        + record.deviceId()));
            }
            byte[] expected;
            if (previous == null) {
                first = sequence;
                Optional<byte[]> start = startOfChain(record);
                if (start.isEmpty()) {
                    return Optional.of(broken(ChainReport.Problem.UNANCHORED_START, sequence - 1, "the first record"
                            + " is " + sequence + " and no checkpoint anchors record " + (sequence - 1)));
                }
                expected = start.get();
            } else if (record.kind() == RecordKind.RESTART && sequence > previous.sequence()) {
                Optional<ChainReport.Broken> unexplained = restartAbove(record);
                if (unexplained.isPresent()) {
                    return unexplained;
                }
                expected = ChainEncoding.genesis(deviceId);
            } else if (sequence != previous.sequence() + 1) {
                return Optional.of(broken(ChainReport.Problem.GAP, previous.sequence() + 1, "expected record "
                        + (previous.sequence() + 1) + " after " + previous.sequence() + ", found " + sequence));
            } else {
                expected = previous.hash();
            }
            if (!Arrays.equals(record.computedHash(), record.hash())) {
                return Optional.of(broken(ChainReport.Problem.TAMPERED, sequence, "content hashes to "
                        + hex(record.computedHash()) + ", the row stores " + hex(record.hash())));
            }
            if (!Arrays.equals(record.prevHash(), expected)) {
                return Optional.of(broken(ChainReport.Problem.BROKEN_LINK, sequence, "prev_hash is "
                        + hex(record.prevHash()) + ", expected " + hex(expected)));
            }
            return Optional.empty();
        }

        /**
         * A restart record after earlier records: the log was continued above its reservation mark. Its
         * {@code afterSequence} must be the number just before it; the numbers it jumps over are counted as skipped.
         */
        private Optional<ChainReport.Broken> restartAbove(ChainRecord record) {
            try {
                RestartRecord restart = (RestartRecord) markers.decode(record);
                if (restart.afterSequence() != record.sequence() - 1) {
                    return Optional.of(broken(ChainReport.Problem.GAP, previous.sequence() + 1, "restart record "
                            + record.sequence() + " says it follows " + restart.afterSequence()));
                }
            } catch (IllegalArgumentException | ClassCastException e) {
                return Optional.of(broken(ChainReport.Problem.UNREADABLE, record.sequence(), "restart record body: "
                        + e.getMessage()));
            }
            restarts++;
            skipped += record.sequence() - previous.sequence() - 1;
            return Optional.empty();
        }

        private Optional<byte[]> startOfChain(ChainRecord record) {
            if (record.sequence() == 1 || record.kind() == RecordKind.RESTART) {
                return Optional.of(ChainEncoding.genesis(deviceId));
            }
            for (Checkpoint checkpoint : checkpoints.subList(0, nextCheckpoint)) {
                if (checkpoint.sequence() == record.sequence() - 1) {
                    return Optional.of(checkpoint.chainHash());
                }
            }
            return Optional.empty();
        }

        private Optional<ChainReport.Broken> count(ChainRecord record) {
            if (record.kind() != RecordKind.GAP) {
                return Optional.empty();
            }
            try {
                GapRecord gap = (GapRecord) markers.decode(record);
                if (gap.reason() == GapReason.RETENTION) {
                    purged += gap.count();
                } else {
                    lost += gap.count();
                }
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(broken(ChainReport.Problem.UNREADABLE, record.sequence(), "gap record body: "
                        + e.getMessage()));
            }
        }

        private Optional<ChainReport.Broken> checkpointAt(ChainRecord record) {
            boolean none = nextCheckpoint >= checkpoints.size();
            if (none || checkpoints.get(nextCheckpoint).sequence() != record.sequence()) {
                return Optional.empty();
            }
            Checkpoint checkpoint = checkpoints.get(nextCheckpoint++);
            if (!checkpoint.verifies(key)) {
                return Optional.of(badSignature(checkpoint));
            }
            if (!Arrays.equals(checkpoint.chainHash(), record.hash())) {
                return Optional.of(broken(ChainReport.Problem.CHECKPOINT_MISMATCH, record.sequence(), "checkpoint"
                        + " vouches for " + hex(checkpoint.chainHash()) + ", the record is " + hex(record.hash())));
            }
            lastSigned = record.sequence();
            return Optional.empty();
        }

        private ChainReport.Broken badSignature(Checkpoint checkpoint) {
            return broken(ChainReport.Problem.BAD_SIGNATURE, checkpoint.sequence(), "checkpoint signed with key "
                    + hex(checkpoint.keyId()) + " does not verify under key " + hex(DeviceKey.keyIdOf(key)));
        }

        private ChainReport.Broken broken(ChainReport.Problem problem, long sequence, String detail) {
            return new ChainReport.Broken(deviceId, problem, sequence, detail);
        }

        private static String hex(byte[] bytes) {
            return HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length));
        }
    }
}
