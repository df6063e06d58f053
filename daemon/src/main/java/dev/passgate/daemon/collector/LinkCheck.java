package dev.passgate.daemon.collector;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.ChainVerifier;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.audit.RecordKind;
import dev.passgate.daemon.upload.UploadBatch;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Verify before storing: a batch admitted under the device's key is stored only when every checkpoint in it verifies
 * under that key, every record hashes to its {@code hash}, the records come in increasing sequence order, and each
 * record links to the one before it: to the batch's previous record, else to the record the collector holds at the
 * sequence before, else to the device's genesis (sequence 1 or a RESTART record), else to a checkpoint at the
 * sequence before (held, or verified in this batch: the anchor a kiosk sends after a retention purge). The batch is
 * refused whole otherwise, with the first problem; nothing of it is stored. A record the collector already holds is
 * left to the store's duplicate and conflict rules and counts as linked. Runs inside the store's transaction.
 */
final class LinkCheck {
    private final Connection connection;
    private final String device;
    private final PublicKey key;

    LinkCheck(Connection connection, String device, PublicKey key) {
        this.connection = connection;
        this.device = device;
        this.key = key;
    }

    /** Empty when the batch verifies, else why not. */
    Optional<Refusal> check(UploadBatch batch) throws SQLException {
        Map<Long, byte[]> anchors = new HashMap<>();
        for (Checkpoint checkpoint : batch.checkpoints()) {
            if (!checkpoint.verifies(key)) {
                return Optional.of(Refusal.unverified(Refusal.BAD_CHECKPOINT, "the checkpoint at " + device + "/"
                        + checkpoint.sequence() + " does not verify under the device's key"));
            }
            anchors.put(checkpoint.sequence(), checkpoint.chainHash());
        }
        for (int i = 1; i < batch.records().size(); i++) {
            long sequence = batch.records().get(i).sequence();
            long before = batch.records().get(i - 1).sequence();
            if (sequence <= before) {
                return Optional.of(Refusal.unverified(Refusal.OUT_OF_ORDER, "record " + device + "/" + sequence
                        + " follows record " + before + " in the batch"));
            }
        }
        ChainRecord previous = null;
        for (ChainRecord record : batch.records()) {
            long sequence = record.sequence();
            if (!Arrays.equals(record.computedHash(), record.hash())) {
                return Optional.of(Refusal.unverified(Refusal.TAMPERED, "record " + device + "/" + sequence
                        + " does not hash to its hash"));
            }
            boolean held = heldHash(sequence).isPresent();
            if (!held && !links(record, previous, anchors)) {
                return Optional.of(Refusal.unverified(Refusal.UNLINKED, "record " + device + "/" + sequence
                        + " links neither to record " + (sequence - 1) + " as held or sent, nor to the genesis,"
                        + " nor to a signed checkpoint at " + (sequence - 1)));
            }
            previous = record;
        }
        return Optional.empty();
    }

    private boolean links(ChainRecord record, ChainRecord previous, Map<Long, byte[]> anchors) throws SQLException {
        long before = record.sequence() - 1;
        byte[] prev = record.prevHash();
        if (record.sequence() == 1 || record.kind() == RecordKind.RESTART) {
            return Arrays.equals(prev, ChainVerifier.genesis(device));
        }
        if (previous != null && previous.sequence() == before) {
            return Arrays.equals(prev, previous.hash());
        }
        Optional<byte[]> held = heldHash(before);
        if (held.isPresent()) {
            return Arrays.equals(prev, held.get());
        }
        byte[] anchor = anchors.get(before);
        if (anchor == null) {
            anchor = heldCheckpoint(before).orElse(null);
        }
        return anchor != null && Arrays.equals(prev, anchor);
    }

    private Optional<byte[]> heldHash(long sequence) throws SQLException {
        return bytes("SELECT hash FROM records WHERE device_id = ? AND seq = ?", sequence);
    }

    private Optional<byte[]> heldCheckpoint(long sequence) throws SQLException {
        return bytes("SELECT chain_hash FROM checkpoints WHERE device_id = ? AND seq = ?", sequence);
    }

    private Optional<byte[]> bytes(String sql, long sequence) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(sql)) {
            read.setString(1, device);
            read.setLong(2, sequence);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        }
    }
}
