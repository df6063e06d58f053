package dev.passgate.daemon.collector;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.upload.CollectorAnswer;
import dev.passgate.daemon.upload.SequenceRange;
import dev.passgate.daemon.upload.UploadBatch;
import dev.passgate.daemon.upload.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The reference collector's storage: one SQLite file holding what kiosks uploaded, deduplicated on (device id,
 * sequence). A batch is stored in one transaction that has committed, with {@code synchronous=FULL} in WAL mode,
 * before {@link #ingest} returns its answer, so a record the answer names survives the collector being killed.
 * A record that is already there with the same hash is a duplicate (counted, not stored twice); one with a
 * different hash, or a checkpoint with a different signature, is a conflict: the first stays, the newcomer is kept
 * in {@code conflicts} as evidence. Nothing is stored before it verifies: a device must be enrolled
 * ({@link #enroll}), or pinned on first use when the store was opened with trust on first use ({@link Enrolment}),
 * the batch must carry its key and a header signature by it, and its records must link to what the store holds
 * ({@link LinkCheck}); otherwise the batch is refused whole with a {@link Refusal}.
 *
 * <p>On-disk format, version 2 ({@code PRAGMA user_version = 2}, {@code application_id = 0x50474343} "PGCC"):
 * <pre>
 * devices     (device_id TEXT PRIMARY KEY, public_key BLOB or NULL (X.509 SubjectPublicKeyInfo DER),
 *              first_seen_ms INTEGER, received INTEGER, duplicates INTEGER, conflicts INTEGER,
 *              enrolled TEXT 'operator'|'tofu'|'v1' or NULL (v2))                                    WITHOUT ROWID
 * records     (device_id, seq, kind, wall_time_ms, body_format, body, prev_hash, hash, received_ms;
 *              PRIMARY KEY (device_id, seq))                                                    WITHOUT ROWID
 *             the entry log's columns (docs/entry-log.md) without "uploaded", plus when it arrived
 * checkpoints (device_id, seq, chain_hash, wall_time_ms, key_id, signature;
 *              PRIMARY KEY (device_id, seq))                                                    WITHOUT ROWID
 * conflicts   (device_id, seq, what TEXT 'record'|'checkpoint', hash BLOB (record hash or chain hash),
 *              signature BLOB or NULL, received_ms INTEGER)
 * </pre>
 * Version 1 files are migrated in place on open (version 2 adds {@code devices.enrolled}, when the column is not
 * there yet; a key a version 1 store had pinned stays, as {@code v1}). No golden file of this version exists yet
 * (the store is a reference for tests and field trials). Thread-safe: one connection, calls serialised.
 */
public final class CollectorStore implements AutoCloseable {
    public static final int VERSION = 2;
    public static final int APPLICATION_ID = 0x50474343;
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS devices (device_id TEXT PRIMARY KEY, public_key BLOB, first_seen_ms INTEGER"
            + " NOT NULL, received INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,"
            + " conflicts INTEGER NOT NULL DEFAULT 0, enrolled TEXT) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS records (device_id TEXT NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL,"
            + " wall_time_ms INTEGER NOT NULL, body_format INTEGER NOT NULL, body BLOB NOT NULL, prev_hash BLOB NOT"
            + " NULL, hash BLOB NOT NULL, received_ms INTEGER NOT NULL, PRIMARY KEY (device_id, seq)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS checkpoints (device_id TEXT NOT NULL, seq INTEGER NOT NULL, chain_hash BLOB NOT"
            + " NULL, wall_time_ms INTEGER NOT NULL, key_id BLOB NOT NULL, signature BLOB NOT NULL,"
            + " PRIMARY KEY (device_id, seq)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS conflicts (device_id TEXT NOT NULL, seq INTEGER NOT NULL, what TEXT NOT NULL,"
            + " hash BLOB NOT NULL, signature BLOB, received_ms INTEGER NOT NULL)",
    };

    private final Path file;
    private final Connection connection;
    private final Clock clock;
    private final Enrolment enrolment;

    /** What a batch came to: the answer, or why it was refused whole. */
    public record Ingested(Optional<CollectorAnswer> answer, Optional<Refusal> refusal) {
    }

    private CollectorStore(Path file, Connection connection, Clock clock, boolean trustOnFirstUse,
                           boolean enrolByCertificate) {
        this.file = file;
        this.connection = connection;
        this.clock = clock;
        this.enrolment = new Enrolment(connection, trustOnFirstUse, enrolByCertificate);
    }

    /** Opens or creates the store, admitting enrolled devices only. */
    public static CollectorStore open(Path file, Clock clock) throws IOException {
        return open(file, clock, false);
    }

    /**
     * Opens or creates the store; refuses a file of another application or a newer version, and migrates a
     * version 1 file. With {@code trustOnFirstUse}, an unknown device's key is pinned from its first signed batch.
     */
    public static CollectorStore open(Path file, Clock clock, boolean trustOnFirstUse) throws IOException {
        return open(file, clock, trustOnFirstUse, false);
    }

    /**
     * As {@link #open(Path, Clock, boolean)}; with {@code enrolByCertificate}, a batch that came with a client
     * certificate must be of the device the certificate names, and an unknown device is pinned from its first signed
     * batch when its certificate names it ({@link Enrolment}).
     */
    public static CollectorStore open(Path file, Clock clock, boolean trustOnFirstUse, boolean enrolByCertificate)
            throws IOException {
        Path path = file.toAbsolutePath();
        Files.createDirectories(path.getParent());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5_000);
        try {
            Connection connection = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + path, config.toProperties());
            try (Statement statement = connection.createStatement()) {
                int application = intQuery(statement, "PRAGMA application_id");
                int version = intQuery(statement, "PRAGMA user_version");
                if (application != 0 && application != APPLICATION_ID || version > VERSION) {
                    connection.close();
                    throw new IOException("Collector store " + path + " has application id " + application
                            + " and version " + version + "; expected " + APPLICATION_ID + " and at most " + VERSION);
                }
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
                if (!hasColumn(statement, "devices", "enrolled")) {
                    statement.execute("ALTER TABLE devices ADD COLUMN enrolled TEXT");
                    statement.execute("UPDATE devices SET enrolled = 'v1' WHERE public_key IS NOT NULL");
                }
                statement.execute("PRAGMA application_id = " + APPLICATION_ID);
                statement.execute("PRAGMA user_version = " + VERSION);
            }
            connection.setAutoCommit(true);
            return new CollectorStore(path, connection, clock, trustOnFirstUse, enrolByCertificate);
        } catch (SQLException e) {
            throw new IOException("cannot open the collector store " + path + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Enrols {@code deviceId}'s public key (DER SubjectPublicKeyInfo); refuses to replace a different one. */
    public synchronized void enroll(String deviceId, byte[] publicKey) throws IOException {
        if (Enrolment.publicKey(publicKey).isEmpty()) {
            throw new IOException("the key for device " + deviceId + " is not an Ed25519 public key");
        }
        try {
            Optional<String> refusal = enrolment.enroll(deviceId, publicKey, clock.millis());
            if (refusal.isPresent()) {
                throw new IOException(refusal.get());
            }
        } catch (SQLException e) {
            throw new IOException("cannot enrol the key of " + deviceId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a batch ({@link Enrolment}, {@link LinkCheck}), stores it in one transaction and answers which
     * records are stored, once that has committed; or refuses it whole, storing nothing.
     */
    public synchronized Ingested ingest(WireFormat.Parsed parsed) throws IOException {
        return ingest(parsed, Optional.empty());
    }

    /** As {@link #ingest(WireFormat.Parsed)}, for a batch that came with a client certificate naming a device. */
    public synchronized Ingested ingest(WireFormat.Parsed parsed, Optional<String> certified) throws IOException {
        UploadBatch batch = parsed.batch();
        long now = clock.millis();
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean done = false;
            long[] counts;
            try {
                Enrolment.Admission admission = enrolment.admit(parsed, certified, now);
                Optional<Refusal> refusal = admission.refusal().isPresent() ? admission.refusal()
                        : new LinkCheck(connection, batch.deviceId(), admission.key().orElseThrow()).check(batch);
                if (refusal.isPresent()) {
                    statement.execute("COMMIT");
                    done = true;
                    return new Ingested(Optional.empty(), refusal);
                }
                counts = storeRecords(batch, now);
                long checkpointConflicts = storeCheckpoints(batch, now);
                counts[1] += checkpointConflicts;
                try (PreparedStatement update = connection.prepareStatement("UPDATE devices SET received = received"
                        + " + ?, duplicates = duplicates + ?, conflicts = conflicts + ? WHERE device_id = ?")) {
                    update.setLong(1, batch.records().size());
                    update.setLong(2, counts[0]);
                    update.setLong(3, counts[1]);
                    update.setString(4, batch.deviceId());
                    update.executeUpdate();
                }
                statement.execute("COMMIT");
                done = true;
            } finally {
                if (!done) {
                    statement.execute("ROLLBACK");
                }
            }
            List<Long> sequences = batch.records().stream().map(ChainRecord::sequence).toList();
            return new Ingested(Optional.of(new CollectorAnswer(SequenceRange.cover(batch.deviceId(), sequences),
                    batch.checkpoints().size(), counts[0], counts[1])), Optional.empty());
        } catch (SQLException e) {
            throw new IOException("cannot store a batch of " + batch.deviceId() + ": " + e.getMessage(), e);
        }
    }

    /** Inserts new records; returns {duplicates, conflicts}. */
    private long[] storeRecords(UploadBatch batch, long now) throws SQLException {
        long duplicates = 0;
        long conflicts = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO records (device_id, seq,"
                + " kind, wall_time_ms, body_format, body, prev_hash, hash, received_ms) VALUES (?,?,?,?,?,?,?,?,?)");
             PreparedStatement existing = connection.prepareStatement(
                     "SELECT hash FROM records WHERE device_id = ? AND seq = ?")) {
            for (ChainRecord record : batch.records()) {
                insert.setString(1, record.deviceId());
                insert.setLong(2, record.sequence());
                insert.setInt(3, record.kind().code());
                insert.setLong(4, record.wallTimeMillis());
                insert.setInt(5, record.bodyFormat().code());
                insert.setBytes(6, record.body());
                insert.setBytes(7, record.prevHash());
                insert.setBytes(8, record.hash());
                insert.setLong(9, now);
                if (insert.executeUpdate() == 1) {
                    continue;
                }
                existing.setString(1, record.deviceId());
                existing.setLong(2, record.sequence());
                byte[] held;
                try (ResultSet row = existing.executeQuery()) {
                    row.next();
                    held = row.getBytes(1);
                }
                if (Arrays.equals(held, record.hash())) {
                    duplicates++;
                } else {
                    conflicts++;
                    conflict(record.deviceId(), record.sequence(), "record", record.hash(), null, now);
                }
            }
        }
        return new long[] {duplicates, conflicts};
    }

    private long storeCheckpoints(UploadBatch batch, long now) throws SQLException {
        long conflicts = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO checkpoints (device_id,"
                + " seq, chain_hash, wall_time_ms, key_id, signature) VALUES (?,?,?,?,?,?)");
             PreparedStatement existing = connection.prepareStatement(
                     "SELECT chain_hash, signature FROM checkpoints WHERE device_id = ? AND seq = ?")) {
            for (Checkpoint checkpoint : batch.checkpoints()) {
                insert.setString(1, checkpoint.deviceId());
                insert.setLong(2, checkpoint.sequence());
                insert.setBytes(3, checkpoint.chainHash());
                insert.setLong(4, checkpoint.wallTimeMillis());
                insert.setBytes(5, checkpoint.keyId());
                insert.setBytes(6, checkpoint.signature());
                if (insert.executeUpdate() == 1) {
                    continue;
                }
                existing.setString(1, checkpoint.deviceId());
                existing.setLong(2, checkpoint.sequence());
                boolean same;
                try (ResultSet row = existing.executeQuery()) {
                    row.next();
                    same = Arrays.equals(row.getBytes(1), checkpoint.chainHash())
                            && Arrays.equals(row.getBytes(2), checkpoint.signature());
                }
                if (!same) {
                    conflicts++;
                    conflict(checkpoint.deviceId(), checkpoint.sequence(), "checkpoint", checkpoint.chainHash(),
                            checkpoint.signature(), now);
                }
            }
        }
        return conflicts;
    }

    private void conflict(String device, long sequence, String what, byte[] hash, byte[] signature, long now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conflicts (device_id, seq, what,"
                + " hash, signature, received_ms) VALUES (?,?,?,?,?,?)")) {
            insert.setString(1, device);
            insert.setLong(2, sequence);
            insert.setString(3, what);
            insert.setBytes(4, hash);
            insert.setBytes(5, signature);
            insert.setLong(6, now);
            insert.executeUpdate();
        }
    }

    /** The reports of every device, by device id. */
    public synchronized List<DeviceReport> report() throws IOException {
        try {
            List<DeviceReport> reports = new ArrayList<>();
            for (String device : devices()) {
                reports.add(new DeviceAudit(connection, device).report());
            }
            return reports;
        } catch (SQLException e) {
            throw new IOException("cannot read the collector store " + file + ": " + e.getMessage(), e);
        }
    }

    private List<String> devices() throws SQLException {
        List<String> devices = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT device_id FROM devices ORDER BY device_id")) {
            while (rows.next()) {
                devices.add(rows.getString(1));
            }
        }
        return devices;
    }

    private static boolean hasColumn(Statement statement, String table, String column) throws SQLException {
        try (ResultSet columns = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (columns.next()) {
                if (columns.getString("name").equals(column)) {
                    return true;
                }
            }
            return false;
        }
    }

    static int intQuery(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException("cannot close the collector store " + file + ": " + e.getMessage(), e);
        }
    }
}
