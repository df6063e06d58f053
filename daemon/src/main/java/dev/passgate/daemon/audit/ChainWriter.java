package dev.passgate.daemon.audit;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Adds records to one device's chain inside the caller's write transaction: each record takes the next sequence
 * number, the hash of the one before, and its own hash, all computed from what is in the database in that same
 * transaction, and its sequence is reserved ({@link SequenceReservations}) before it is inserted. Also signs
 * checkpoints and decides when one is due. Holds no state of its own between transactions.
 */
final class ChainWriter {
    static final String NOTHING_EARLIER = "no earlier records of this device are in this file";

    private final String deviceId;
    private final LogStore store;
    private final BodyCodec codec;
    private final SequenceReservations reservations;
    private final EntryLogOptions options;
    private final Instant openedAt;

    ChainWriter(String deviceId, LogStore store, BodyCodec codec, SequenceReservations reservations,
                EntryLogOptions options, Instant openedAt) {
        this.deviceId = deviceId;
        this.store = store;
        this.codec = codec;
        this.reservations = reservations;
        this.options = options;
        this.openedAt = openedAt;
    }

    /**
     * The end of the chain the next record goes on. A device with nothing in this file starts at its genesis
     * value; if it has used sequence numbers before (a reservation exists) or its file was just set aside, a
     * {@link RestartRecord} above those numbers is written first. With {@code markAtOpen} above 0 (the chain ended
     * below the device's reservation mark when the log was opened), a chain that still ends below it is continued
     * above the reservation with a restart record that names the numbers it cannot account for: they were never
     * written (the process died before using them) or were cut off the end of the file. Either way they are never
     * used again.
     */
    LogStore.Head start(Instant now, SetAside setAside, long markAtOpen) throws SQLException, IOException {
        Optional<LogStore.Head> head = store.head();
        long reserved = reservations.reserved(deviceId);
        LogStore.Head genesis = new LogStore.Head(reserved, ChainEncoding.genesis(deviceId));
        if (head.isPresent()) {
            long last = head.get().sequence();
            if (last >= markAtOpen || reserved <= last) {
                return head.get();
            }
            return write(genesis, new RestartRecord(now, reserved, null, "the log ends at record " + last
                    + " below the reservation mark " + reserved + ": records " + (last + 1) + ".." + reserved
                    + " were never written (a crash or a stop without closing) or were cut off the end"));
        }
        if (reserved == 0 && setAside == null) {
            return genesis;
        }
        RestartRecord restart = setAside == null ? new RestartRecord(now, reserved, null, NOTHING_EARLIER)
                : new RestartRecord(now, reserved, setAside.movedTo().getFileName().toString(),
                        "the file was corrupt and was set aside: " + setAside.reason());
        return write(genesis, restart);
    }

    /**
     * After a clean close: lowers the device's reservation mark to the last sequence it used, so that the next
     * opening finds the chain ending at the mark and needs no restart record. Call inside a write transaction.
     */
    void settleReservation() throws SQLException, IOException {
        Optional<LogStore.Head> head = store.head();
        if (head.isPresent()) {
            reservations.lowerTo(deviceId, head.get().sequence());
        }
    }

    /**
     * The device's reservation mark when it is exact after a clean close ({@link SequenceReservations#exact}), else
     * 0: the highest sequence the device may have used.
     */
    long exactMark() {
        return reservations.exact(deviceId) ? reservations.reserved(deviceId) : 0;
    }

    /** Inserts {@code record} after {@code head} and returns the new end of the chain. */
    LogStore.Head write(LogStore.Head head, LogRecord record) throws SQLException, IOException {
        long sequence = head.sequence() + 1;
        BodyCodec.Encoded body = codec.encode(deviceId, sequence, record);
        long wall = record.wallTime().toEpochMilli();
        byte[] hash = ChainEncoding.recordHash(deviceId, sequence, record.kind(), wall, body.format(), body.body(),
                head.hash());
        reservations.ensure(deviceId, sequence);
        store.insert(new ChainRecord(deviceId, sequence, record.kind(), wall, body.format(), body.body(),
                head.hash(), hash, false));
        return new LogStore.Head(sequence, hash);
    }

    /**
     * Whether a checkpoint is due at {@code head}: there are records after the last checkpoint (or after the start
     * of the chain in this file, when there is none) and a trigger is reached.
     */
    boolean checkpointDue(LogStore.Head head, Instant now) throws SQLException {
        if (options.signingKey().isEmpty()) {
            return false;
        }
        Optional<Checkpoint> last = store.lastCheckpoint();
        long lastSequence = last.isPresent() ? last.get().sequence() : store.firstSequence() - 1;
        if (head.sequence() <= lastSequence || head.sequence() == 0) {
            return false;
        }
        int everyRecords = options.checkpointEveryRecords();
        if (everyRecords > 0 && head.sequence() - lastSequence >= everyRecords) {
            return true;
        }
        Duration every = options.checkpointEvery();
        Instant since = last.map(checkpoint -> Instant.ofEpochMilli(checkpoint.wallTimeMillis())).orElse(openedAt);
        return !every.isZero() && !now.isBefore(since.plus(every));
    }

    /** Whether {@code head} is a record not yet covered by a checkpoint. */
    boolean unsigned(LogStore.Head head) throws SQLException {
        return options.signingKey().isPresent() && head.sequence() > 0
                && head.sequence() > store.lastCheckpoint().map(Checkpoint::sequence).orElse(0L);
    }

    /** Signs and stores the checkpoint of {@code head}. */
    Checkpoint checkpoint(LogStore.Head head, Instant now) throws SQLException {
        DeviceKey key = options.signingKey().orElseThrow(() -> new IllegalStateException("no signing key"));
        Checkpoint checkpoint = key.sign(deviceId, head.sequence(), head.hash(), now.toEpochMilli());
        store.insert(checkpoint);
        return checkpoint;
    }
}
