package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.tinylog.Logger;

/**
 * The entry log: one row per scan in a SQLite file, written and committed before the kiosk gives feedback.
 *
 * <p>Contract. {@link #append} returns the entry's sequence number only after COMMIT has returned, on a connection
 * with {@code journal_mode=WAL} and {@code synchronous=FULL}: the WAL holding the row has then been fsynced. That
 * return is the acknowledgement. An acknowledged entry survives the process being killed at any moment and, as far
 * as the storage honours fsync, a power cut. Sequence numbers are per device id, start at 1 and have no gaps: each
 * append takes max+1 for its device inside a {@code BEGIN IMMEDIATE} transaction, so several logs or processes on
 * one file still get unique numbers. When append throws, the entry was not acknowledged, but it may be stored all
 * the same (a fault reported after the commit reached the disk looks like one before it); the next append then
 * takes the following number, so numbers are never reused. The reading methods see only this log's device id.
 * All methods are thread-safe; one log serialises its callers.
 *
 * <p>Not guaranteed: durability on storage that acknowledges writes it has not made (some SD cards do), survival
 * of the file itself (that is upload's job), or any limit on the file's size.
 *
 * <p>On-disk format, version 1: a SQLite database with {@code PRAGMA user_version = 1} and
 * {@code PRAGMA application_id = 0x5047454C} ("PGEL"), in WAL mode, holding one table:
 * <pre>
 * entries                    WITHOUT ROWID, PRIMARY KEY (device_id, seq), CHECKs on the bounds below
 * +---------------+---------+----------+--------------------------------------------------------+
 * | column        | type    | null     | meaning                                                |
 * +---------------+---------+----------+--------------------------------------------------------+
 * | device_id     | TEXT    | not null | kiosk that wrote the row, 1..128 printable ASCII chars |
 * | seq           | INTEGER | not null | per-device sequence number, 1, 2, 3, ... without gaps  |
 * | wall_time_ms  | INTEGER | not null | wall clock at the scan, ms since 1970-01-01T00:00Z     |
 * | mono_nanos    | INTEGER | not null | monotonic nanos at the scan, comparable within one run |
 * | verdict       | TEXT    | not null | outcome code, [A-Z0-9_]{1,32}, e.g. VALID              |
 * | format        | TEXT    | not null | pass format code, [A-Z0-9_]{1,32}, e.g. HC1            |
 * | issuer_kid    | TEXT    | null     | signer's key id, printable ASCII, at most 128 chars    |
 * | holder_id     | TEXT    | null     | HolderPseudonyms pseudonym, lowercase hex, <= 128      |
 * | clock_trusted | INTEGER | not null | 1 if the wall clock was known good at the scan, else 0 |
 * +---------------+---------+----------+--------------------------------------------------------+
 * </pre>
 * There is no column for a name, a date of birth or the scanned text. Golden version 1 files live in the test
 * resources under {@code audit/}; every later version must still read them.
 */
public final class EntryLog implements AutoCloseable {
    static final int BUSY_TIMEOUT_MS = 5_000;
    private static final int MAX_DEVICE_ID_LENGTH = 128;
    private static final Set<String> READABLE_PRAGMAS =
            Set.of("journal_mode", "synchronous", "busy_timeout", "user_version", "application_id");
    private static final String LAST_SEQUENCE = "SELECT COALESCE(MAX(seq), 0) FROM entries WHERE device_id = ?";
    private static final String COUNT = "SELECT COUNT(*) FROM entries WHERE device_id = ?";
    private static final String INSERT = "INSERT INTO entries (device_id, seq, wall_time_ms, mono_nanos, verdict,"
            + " format, issuer_kid, holder_id, clock_trusted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String READ = "SELECT seq, wall_time_ms, mono_nanos, verdict, format, issuer_kid,"
            + " holder_id, clock_trusted FROM entries WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?";

    private final Path file;
    private final String deviceId;
    private final Connection connection;
    private final CommitPoint commitPoint;
    private final PreparedStatement lastSequenceStatement;
    private final PreparedStatement insertStatement;
    private boolean closed;

    private EntryLog(Path file, String deviceId, Connection connection, CommitPoint commitPoint)
            throws SQLException {
        this.file = file;
        this.deviceId = deviceId;
        this.connection = connection;
        this.commitPoint = commitPoint;
        this.lastSequenceStatement = connection.prepareStatement(LAST_SEQUENCE);
        this.insertStatement = connection.prepareStatement(INSERT);
    }

    /**
     * Opens the log in {@code file} for appending as {@code deviceId}, creating missing parent folders, the file
     * and the schema. Refuses a file that is not an entry log or has a schema version other than 1.
     */
    public static EntryLog open(Path file, String deviceId) throws EntryLogException {
        return open(file, deviceId, CommitPoint.SQLITE);
    }

    static EntryLog open(Path file, String deviceId, CommitPoint commitPoint) throws EntryLogException {
        requireDeviceId(deviceId);
        Objects.requireNonNull(commitPoint, "commitPoint");
        Path path = file.toAbsolutePath();
        if (path.toString().indexOf('?') >= 0) {
            throw new EntryLogException(path, "path contains '?', which the SQLite driver reads as options;"
                    + " expected a path without '?'");
        }
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new EntryLogException(path, "cannot create folder " + path.getParent(), e);
        }
        Connection connection = connect(path);
        try {
            configure(connection, path);
            EntrySchema.prepare(connection, path);
            EntryLog log = new EntryLog(path, deviceId, connection, commitPoint);
            Logger.info("Entry log {} open for device {}, last sequence {}", path, deviceId, log.lastSequence());
            return log;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new EntryLogException(path, "cannot open", e);
        } catch (EntryLogException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Stores {@code record} under the next sequence number of this log's device and returns that number once the
     * transaction has committed.
     */
    public synchronized long append(EntryRecord record) throws EntryLogException {
        Objects.requireNonNull(record, "record");
        ensureOpen();
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                long sequence = queryLastSequence() + 1;
                insert(sequence, record);
                commitPoint.commit(connection);
                return sequence;
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(statement, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot append", e);
        }
    }

    /** Returns up to {@code limit} entries of this log's device with a sequence above {@code afterSequence}. */
    public synchronized List<StoredEntry> readFrom(long afterSequence, int limit) throws EntryLogException {
        if (afterSequence < 0 || limit < 1) {
            throw new IllegalArgumentException("expected afterSequence >= 0 and limit >= 1, found afterSequence "
                    + afterSequence + " and limit " + limit);
        }
        ensureOpen();
        try (PreparedStatement read = connection.prepareStatement(READ)) {
            read.setString(1, deviceId);
            read.setLong(2, afterSequence);
            read.setInt(3, limit);
            List<StoredEntry> entries = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    entries.add(toEntry(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot read after sequence " + afterSequence, e);
        }
    }

    /** The highest sequence number stored for this log's device, 0 if there is none. */
    public synchronized long lastSequence() throws EntryLogException {
        ensureOpen();
        try {
            return queryLastSequence();
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot read the last sequence", e);
        }
    }

    /** The number of entries stored for this log's device. */
    public synchronized long count() throws EntryLogException {
        ensureOpen();
        try (PreparedStatement count = connection.prepareStatement(COUNT)) {
            count.setString(1, deviceId);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot count entries", e);
        }
    }

    public Path file() {
        return file;
    }

    public String deviceId() {
        return deviceId;
    }

    /** Reads one connection setting, for tests that check what is really in force. */
    synchronized String pragma(String name) throws SQLException {
        if (!READABLE_PRAGMAS.contains(name)) {
            throw new IllegalArgumentException("pragma " + name + " is not one of " + READABLE_PRAGMAS);
        }
        ensureOpen();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            result.next();
            return result.getString(1);
        }
    }

    /** Closes the connection; SQLite checkpoints the WAL into the main file when the last connection closes. */
    @Override
    public synchronized void close() throws EntryLogException {
        if (closed) {
            return;
        }
        closed = true;
        try (connection; lastSequenceStatement; insertStatement) {
            Logger.debug("Closing entry log {}", file);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot close", e);
        }
    }

    private long queryLastSequence() throws SQLException {
        lastSequenceStatement.setString(1, deviceId);
        try (ResultSet result = lastSequenceStatement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private void insert(long sequence, EntryRecord record) throws SQLException {
        insertStatement.setString(1, deviceId);
        insertStatement.setLong(2, sequence);
        insertStatement.setLong(3, record.wallTime().toEpochMilli());
        insertStatement.setLong(4, record.monotonicNanos());
        insertStatement.setString(5, record.verdict());
        insertStatement.setString(6, record.format());
        setNullableText(7, record.issuerKeyId());
        setNullableText(8, record.holderId());
        insertStatement.setInt(9, record.clockTrusted() ? 1 : 0);
        insertStatement.executeUpdate();
    }

    private void setNullableText(int index, String value) throws SQLException {
        if (value == null) {
            insertStatement.setNull(index, Types.VARCHAR);
        } else {
            insertStatement.setString(index, value);
        }
    }

    private StoredEntry toEntry(ResultSet row) throws SQLException {
        long sequence = row.getLong(1);
        try {
            EntryRecord record = new EntryRecord(Instant.ofEpochMilli(row.getLong(2)), row.getLong(3),
                    row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getInt(8) == 1);
            return new StoredEntry(deviceId, sequence, record);
        } catch (IllegalArgumentException e) {
            throw new SQLException("row " + deviceId + "/" + sequence + " breaks format version "
                    + EntrySchema.VERSION + ": " + e.getMessage(), e);
        }
    }

    /** Undoes the open transaction, if any, after a failed append; a failing rollback joins the first fault. */
    private void rollbackAfter(Statement statement, Exception fault) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            fault.addSuppressed(e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Entry log " + file + " is closed");
        }
    }

    private static Connection connect(Path file) throws EntryLogException {
        try {
            return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, new Properties());
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot open", e);
        }
    }

    private static void configure(Connection connection, Path file) throws SQLException, EntryLogException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            String mode;
            try (ResultSet result = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                result.next();
                mode = result.getString(1);
            }
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new EntryLogException(file, "journal_mode is " + mode + " after asking for WAL; expected wal");
            }
            statement.execute("PRAGMA synchronous = FULL");
            int synchronous = EntrySchema.intQuery(statement, "PRAGMA synchronous");
            if (synchronous != 2) {
                throw new EntryLogException(file, "synchronous is " + synchronous + " after asking for FULL;"
                        + " expected 2 (FULL)");
            }
        }
    }

    private static void requireDeviceId(String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        boolean valid = !deviceId.isEmpty() && deviceId.length() <= MAX_DEVICE_ID_LENGTH
                && deviceId.chars().allMatch(c -> c > ' ' && c < 0x7f);
        if (!valid) {
            throw new IllegalArgumentException("deviceId must be 1 to " + MAX_DEVICE_ID_LENGTH
                    + " printable ASCII characters without spaces, found \"" + deviceId + "\"");
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            Logger.debug("Closing a connection that failed to open: {}", e.getMessage());
        }
    }
}
