package dev.passgate.daemon.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the version 2 tables for one device on one connection: nothing but statements, no transactions and
 * no decisions. Callers hold the transaction and the connection's lock. Reading needs no write access, so
 * {@link ChainVerifier} uses it on a read-only connection too. Statements are prepared for each use: the SQLite
 * driver leaves a prepared statement unusable ("statement is not executing") after SQLite rolled a transaction
 * back by itself, as it does on {@code SQLITE_FULL}.
 */
final class LogStore {
    static final String COLUMNS = "device_id, seq, kind, wall_time_ms, body_format, body, prev_hash, hash, uploaded";
    static final String INSERT_RECORD = "INSERT INTO records (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CHECKPOINT_COLUMNS = "device_id, seq, chain_hash, wall_time_ms, key_id, signature";
    private static final String INSERT_CHECKPOINT = "INSERT OR REPLACE INTO checkpoints (" + CHECKPOINT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String LAST_RECORD =
            "SELECT seq, hash FROM records WHERE device_id = ? ORDER BY seq DESC LIMIT 1";
    private static final String LAST_CHECKPOINT = "SELECT " + CHECKPOINT_COLUMNS
            + " FROM checkpoints WHERE device_id = ? ORDER BY seq DESC LIMIT 1";
    private static final String FIRST_SEQUENCE = "SELECT MIN(seq) FROM records WHERE device_id = ?";
    private static final String READ = "SELECT " + COLUMNS
            + " FROM records WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?";

    private final Connection connection;
    private final String deviceId;

    LogStore(Connection connection, String deviceId) {
        this.connection = connection;
        this.deviceId = deviceId;
    }

    /** Where the device's chain ends: its last record, or the checkpoint left behind by a purge past it. */
    Optional<Head> head() throws SQLException {
        Head fromRecords = null;
        try (PreparedStatement lastRecord = connection.prepareStatement(LAST_RECORD)) {
            lastRecord.setString(1, deviceId);
            try (ResultSet row = lastRecord.executeQuery()) {
                if (row.next()) {
                    fromRecords = new Head(row.getLong(1), row.getBytes(2));
                }
            }
        }
        Optional<Checkpoint> checkpoint = lastCheckpoint();
        if (checkpoint.isPresent() && (fromRecords == null || checkpoint.get().sequence() > fromRecords.sequence())) {
            return Optional.of(new Head(checkpoint.get().sequence(), checkpoint.get().chainHash()));
        }
        return Optional.ofNullable(fromRecords);
    }

    Optional<Checkpoint> lastCheckpoint() throws SQLException {
        try (PreparedStatement lastCheckpoint = connection.prepareStatement(LAST_CHECKPOINT)) {
            lastCheckpoint.setString(1, deviceId);
            try (ResultSet row = lastCheckpoint.executeQuery()) {
                return row.next() ? Optional.of(checkpoint(row)) : Optional.empty();
            }
        }
    }

    Optional<Checkpoint> checkpointAt(long sequence) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT " + CHECKPOINT_COLUMNS
                + " FROM checkpoints WHERE device_id = ? AND seq = ?")) {
            read.setString(1, deviceId);
            read.setLong(2, sequence);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.of(checkpoint(row)) : Optional.empty();
            }
        }
    }

    /** Every checkpoint of the device, in sequence order. */
    List<Checkpoint> checkpoints() throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT " + CHECKPOINT_COLUMNS
                + " FROM checkpoints WHERE device_id = ? ORDER BY seq")) {
            read.setString(1, deviceId);
            List<Checkpoint> all = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    all.add(checkpoint(rows));
                }
            }
            return all;
        }
    }

    /** The lowest sequence stored for the device, 0 if none. */
    long firstSequence() throws SQLException {
        return longQuery(FIRST_SEQUENCE);
    }

    /** The highest sequence stored for the device, 0 if none. */
    long lastSequence() throws SQLException {
        return longQuery("SELECT MAX(seq) FROM records WHERE device_id = ?");
    }

    /** The number of records stored for the device. */
    long count() throws SQLException {
        return longQuery("SELECT COUNT(*) FROM records WHERE device_id = ?");
    }

    /** Bytes of the file's pages in use: all pages but the free ones, times the page size. */
    long usedBytes() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long pages = EntrySchema.intQuery(statement, "PRAGMA page_count");
            long free = EntrySchema.intQuery(statement, "PRAGMA freelist_count");
            long size = EntrySchema.intQuery(statement, "PRAGMA page_size");
            return (pages - free) * size;
        }
    }

    void insert(ChainRecord record) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_RECORD)) {
            bind(insert, record);
            insert.executeUpdate();
        }
    }

    void insert(Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_CHECKPOINT)) {
            insert.setString(1, checkpoint.deviceId());
            insert.setLong(2, checkpoint.sequence());
            insert.setBytes(3, checkpoint.chainHash());
            insert.setLong(4, checkpoint.wallTimeMillis());
            insert.setBytes(5, checkpoint.keyId());
            insert.setBytes(6, checkpoint.signature());
            insert.executeUpdate();
        }
    }

    /** Up to {@code limit} records with a sequence above {@code afterSequence}, in order. */
    List<ChainRecord> read(long afterSequence, int limit) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(READ)) {
            read.setString(1, deviceId);
            read.setLong(2, afterSequence);
            read.setInt(3, limit);
            List<ChainRecord> records = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    records.add(row(rows));
                }
            }
            return records;
        }
    }

    Optional<ChainRecord> at(long sequence) throws SQLException {
        List<ChainRecord> one = read(sequence - 1, 1);
        return one.isEmpty() || one.get(0).sequence() != sequence ? Optional.empty() : Optional.of(one.get(0));
    }

    /** The lowest sequence whose wall time is at or after {@code millis}, 0 if none. */
    long firstSequenceFrom(long millis) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT MIN(seq) FROM records WHERE device_id = ? AND wall_time_ms >= ?")) {
            query.setString(1, deviceId);
            query.setLong(2, millis);
            return single(query);
        }
    }

    long countNotUploaded(long from, long to) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM records"
                + " WHERE device_id = ? AND seq BETWEEN ? AND ? AND uploaded = 0")) {
            query.setString(1, deviceId);
            query.setLong(2, from);
            query.setLong(3, to);
            return single(query);
        }
    }

    int deleteRecords(long from, long to) throws SQLException {
        return update("DELETE FROM records WHERE device_id = ? AND seq BETWEEN ? AND ?", from, to);
    }

    int deleteCheckpointsBelow(long sequence) throws SQLException {
        return update("DELETE FROM checkpoints WHERE device_id = ? AND seq < ?", sequence);
    }

    /** The lowest sequence not yet marked uploaded, 0 if every record is. */
    long firstNotUploaded() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT MIN(seq) FROM records WHERE device_id = ? AND uploaded = 0")) {
            query.setString(1, deviceId);
            return single(query);
        }
    }

    /** The checkpoints at sequences {@code from..through}, in sequence order. */
    List<Checkpoint> checkpoints(long from, long through) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT " + CHECKPOINT_COLUMNS
                + " FROM checkpoints WHERE device_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
            read.setString(1, deviceId);
            read.setLong(2, from);
            read.setLong(3, through);
            List<Checkpoint> found = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    found.add(checkpoint(rows));
                }
            }
            return found;
        }
    }

    int markUploaded(long from, long through) throws SQLException {
        return update("UPDATE records SET uploaded = 1 WHERE device_id = ? AND seq BETWEEN ? AND ?", from, through);
    }

    static void bind(PreparedStatement insert, ChainRecord record) throws SQLException {
        insert.setString(1, record.deviceId());
        insert.setLong(2, record.sequence());
        insert.setInt(3, record.kind().code());
        insert.setLong(4, record.wallTimeMillis());
        insert.setInt(5, record.bodyFormat().code());
        insert.setBytes(6, record.body());
        insert.setBytes(7, record.prevHash());
        insert.setBytes(8, record.hash());
        insert.setInt(9, record.uploaded() ? 1 : 0);
    }

    /** Reads a row selected as {@link #COLUMNS}; a value outside the format is an {@link SQLException}. */
    static ChainRecord row(ResultSet row) throws SQLException {
        String device = row.getString(1);
        long sequence = row.getLong(2);
        try {
            return new ChainRecord(device, sequence, RecordKind.ofCode(row.getInt(3)), row.getLong(4),
                    BodyFormat.ofCode(row.getInt(5)), bytes(row, 6), bytes(row, 7), bytes(row, 8), row.getInt(9) == 1);
        } catch (IllegalArgumentException e) {
            throw new SQLException("row " + device + "/" + sequence + " breaks format version " + EntrySchema.VERSION
                    + ": " + e.getMessage(), e);
        }
    }

    private static Checkpoint checkpoint(ResultSet row) throws SQLException {
        return new Checkpoint(row.getString(1), row.getLong(2), bytes(row, 3), row.getLong(4), bytes(row, 5),
                bytes(row, 6));
    }

    private static byte[] bytes(ResultSet row, int column) throws SQLException {
        byte[] value = row.getBytes(column);
        return value == null ? new byte[0] : value;
    }

    private long longQuery(String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, deviceId);
            return single(query);
        }
    }

    private int update(String sql, long... values) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, deviceId);
            for (int i = 0; i < values.length; i++) {
                update.setLong(i + 2, values[i]);
            }
            return update.executeUpdate();
        }
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet result = query.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** The end of a device's chain: the last sequence used and the hash the next record chains to. */
    record Head(long sequence, byte[] hash) {
    }
}
