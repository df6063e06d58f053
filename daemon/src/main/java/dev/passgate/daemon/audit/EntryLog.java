package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tinylog.Logger;

/**
 * The entry log: one row per scan in a SQLite file, hash-chained per device, written and committed before the kiosk
 * gives feedback, with signed checkpoints, optional encryption of bodies, retention and a bound on its size.
 *
 * <p>Contract. {@link #append} returns {@link Appended.Written} only after COMMIT has returned on a connection with
 * {@code journal_mode=WAL} and {@code synchronous=FULL}: the WAL holding the row has then been fsynced. An
 * acknowledged record survives the process being killed at any moment and, as far as the storage honours fsync, a
 * power cut. Sequence numbers are per device id, start at 1, have no gaps within a file and are never used twice
 * ({@link SequenceReservations}); each write takes them, and the previous record's hash, inside one
 * {@code BEGIN IMMEDIATE} transaction, so several logs or processes on one file still get a single chain per
 * device. When the record cannot be written (bound reached, disk full, any storage fault) append returns
 * {@link Appended.Lost} at once instead of throwing: the gate never waits on the log. The log counts such
 * decisions exactly and writes one {@link GapRecord} per run of them before the next record it manages to write.
 * The reading methods see only this log's device id. All methods are thread-safe; one log serialises its callers.
 *
 * <p>Not guaranteed: durability on storage that acknowledges writes it has not made (some SD cards do); a loss
 * count survives only while the process runs (the log tries once more to record it on {@link #close}); the byte
 * bound is checked before each write, which may pass it by its own few hundred bytes; records after the last
 * checkpoint can be cut off the end of the file without the chain showing it (the collector, which knows what it
 * received, can); and the file itself may be lost (uploading is the remedy).
 *
 * <p>On-disk format, version 2: a SQLite database with {@code PRAGMA user_version = 2} and
 * {@code PRAGMA application_id = 0x5047454C} ("PGEL"), in WAL mode, holding two tables (DDL in
 * {@link EntrySchema}):
 * <pre>
 * records                    WITHOUT ROWID, PRIMARY KEY (device_id, seq)
 * +--------------+---------+-------------------------------------------------------------------+
 * | column       | type    | meaning                                                           |
 * +--------------+---------+-------------------------------------------------------------------+
 * | device_id    | TEXT    | kiosk that wrote the row, 1..128 printable ASCII chars            |
 * | seq          | INTEGER | per-device sequence number; never reused                          |
 * | kind         | INTEGER | RecordKind code: 1 ENTRY, 2 GAP, 3 RESTART                        |
 * | wall_time_ms | INTEGER | when the event happened, ms since 1970-01-01T00:00Z, in clear     |
 * | body_format  | INTEGER | BodyFormat code: 0 CBOR, 1 AES-256-GCM sealed CBOR                |
 * | body         | BLOB    | the BodyCodec map, as stored (sealed when body_format is 1)       |
 * | prev_hash    | BLOB 32 | hash of the device's previous record, or genesis, or the anchor   |
 * | hash         | BLOB 32 | this row's hash, ChainEncoding.recordHash over all of the above   |
 * | uploaded     | INTEGER | 1 once the uploader has delivered the row, else 0; not hashed     |
 * +--------------+---------+-------------------------------------------------------------------+
 * checkpoints                WITHOUT ROWID, PRIMARY KEY (device_id, seq)
 *   device_id TEXT, seq INTEGER (the record vouched for), chain_hash BLOB 32 (that record's hash),
 *   wall_time_ms INTEGER (when signed), key_id BLOB 8, signature BLOB 64 (Ed25519, see Checkpoint)
 * </pre>
 * There is no place for the scanned text; what a scan record keeps of the holder and the pass is set by the field
 * levels ({@link Minimisation}). A version 1 file is migrated on opening ({@link SchemaMigration}). Golden files of
 * both versions live in the test resources under {@code audit/}; every later version must still read them.
 * {@code docs/entry-log.md} describes the format for a collector.
 */
public final class EntryLog implements AutoCloseable {
    static final int BUSY_TIMEOUT_MS = 5_000;
    private static final int MAX_DEVICE_ID_LENGTH = 128;
    private static final Set<String> READABLE_PRAGMAS =
            Set.of("journal_mode", "synchronous", "busy_timeout", "user_version", "application_id");

    private final Path file;
    private final String deviceId;
    private final Connection connection;
    private final CommitPoint commitPoint;
    private final EntryLogOptions options;
    private final LogStore store;
    private final BodyCodec codec;
    private final ChainWriter writer;
    private final LossLedger ledger = new LossLedger();
    private final Optional<SetAside> setAside;
    private boolean restartPending;
    private boolean closed;

    private EntryLog(Path file, String deviceId, LogOpener.Opened opened, CommitPoint commitPoint,
                     EntryLogOptions options, BodyCodec codec) {
        this.file = file;
        this.deviceId = deviceId;
        this.connection = opened.connection();
        this.commitPoint = commitPoint;
        this.options = options;
        this.codec = codec;
        this.store = new LogStore(connection, deviceId);
        this.writer = new ChainWriter(deviceId, store, codec, new SequenceReservations(SequenceReservations.beside(
                file)), options, options.clock().instant());
        this.setAside = opened.setAside();
        this.restartPending = setAside.isPresent();
    }

    /** Opens the log in {@code file} for {@code deviceId} with {@link EntryLogOptions#defaults()}. */
    public static EntryLog open(Path file, String deviceId) throws EntryLogException {
        return open(file, deviceId, EntryLogOptions.defaults());
    }

    /**
     * Opens the log in {@code file} for appending as {@code deviceId}, creating missing parent folders, the file and
     * the schema, and migrating a version 1 file. A corrupt file is moved aside and a new log started in its place
     * ({@link #status}). Refuses a file that is not an entry log or has a schema version newer than 2.
     */
    public static EntryLog open(Path file, String deviceId, EntryLogOptions options) throws EntryLogException {
        return open(file, deviceId, options, CommitPoint.SQLITE);
    }

    static EntryLog open(Path file, String deviceId, EntryLogOptions options, CommitPoint commitPoint)
            throws EntryLogException {
        requireDeviceId(deviceId);
        Objects.requireNonNull(options, "options");
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
        BodyCodec codec = new BodyCodec(options.cipher().orElse(null));
        LogOpener.Opened opened = LogOpener.open(path, codec, commitPoint, options.clock());
        EntryLog log = new EntryLog(path, deviceId, opened, commitPoint, options, codec);
        log.flush(false);
        Logger.info("Entry log {} open for device {}, last sequence {}", path, deviceId, log.lastSequence());
        return log;
    }

    /**
     * Stores {@code record} under the next sequence number of this log's device; {@link Appended.Written} once the
     * transaction has committed, {@link Appended.Lost} at once when it cannot be written.
     */
    public synchronized Appended append(EntryRecord record) {
        Objects.requireNonNull(record, "record");
        ensureOpen();
        return write(record, false).appended();
    }

    /**
     * The periodic upkeep the daemon runs about once a minute: the retention purge (when configured), a checkpoint
     * when one is due by time, and gap records for decisions that wait for one. Purges in batches, each in its own
     * transaction, so appends are held up by one batch at most.
     */
    public Maintenance maintain() throws EntryLogException {
        long purged = 0;
        long notUploaded = 0;
        for (Retention.Batch batch = purgeBatch(); batch.purged() > 0; batch = purgeBatch()) {
            purged += batch.purged();
            notUploaded += batch.notUploaded();
        }
        synchronized (this) {
            ensureOpen();
            long waiting = ledger.pending();
            boolean checkpointed = flush(false);
            return new Maintenance(purged, notUploaded, checkpointed, waiting - ledger.pending());
        }
    }

    private synchronized Retention.Batch purgeBatch() throws EntryLogException {
        ensureOpen();
        if (options.retention().isEmpty()) {
            return Retention.Batch.NONE;
        }
        Instant now = options.clock().instant();
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                Retention.Batch batch = Retention.purgeBatch(store, writer, now, options.retention().get());
                commitPoint.commit(connection);
                if (batch.purged() > 0) {
                    Logger.info("Entry log {}: purged {} record(s) older than {}, {} of them never uploaded", file,
                            batch.purged(), options.retention().get(), batch.notUploaded());
                }
                return batch;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackAfter(statement, e);
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new EntryLogException(file, "cannot purge by retention", e);
        }
    }

    /**
     * Returns up to {@code limit} scan entries of this log's device with a sequence above {@code afterSequence},
     * skipping the log's own markers ({@link #readAll} has them).
     */
    public synchronized List<StoredEntry> readFrom(long afterSequence, int limit) throws EntryLogException {
        List<StoredEntry> entries = new ArrayList<>();
        long after = afterSequence;
        for (List<StoredRecord> page = readAll(after, limit); !page.isEmpty() && entries.size() < limit;
             page = readAll(after, limit)) {
            for (StoredRecord stored : page) {
                if (stored.record() instanceof EntryRecord entry && entries.size() < limit) {
                    entries.add(new StoredEntry(deviceId, stored.sequence(), entry));
                }
            }
            after = page.get(page.size() - 1).sequence();
        }
        return entries;
    }

    /** Returns up to {@code limit} decoded records of this log's device, of every kind, after {@code afterSequence}. */
    public synchronized List<StoredRecord> readAll(long afterSequence, int limit) throws EntryLogException {
        List<StoredRecord> records = new ArrayList<>();
        for (ChainRecord row : readRecords(afterSequence, limit)) {
            try {
                records.add(new StoredRecord(deviceId, row.sequence(), codec.decode(row)));
            } catch (IllegalArgumentException e) {
                throw new EntryLogException(file, "cannot read record " + deviceId + "/" + row.sequence() + ": "
                        + e.getMessage());
            }
        }
        return records;
    }

    /** The stored rows themselves, as an uploader sends them and {@link ChainVerifier} checks them. */
    public synchronized List<ChainRecord> readRecords(long afterSequence, int limit) throws EntryLogException {
        if (afterSequence < 0 || limit < 1) {
            throw new IllegalArgumentException("expected afterSequence >= 0 and limit >= 1, found afterSequence "
                    + afterSequence + " and limit " + limit);
        }
        ensureOpen();
        try {
            return store.read(afterSequence, limit);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot read after sequence " + afterSequence, e);
        }
    }

    /** Every checkpoint of this log's device, in sequence order. */
    public synchronized List<Checkpoint> checkpoints() throws EntryLogException {
        ensureOpen();
        try {
            return store.checkpoints();
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot read checkpoints", e);
        }
    }

    /** Marks this device's records up to {@code throughSequence} as uploaded; returns how many rows changed. */
    public synchronized int markUploaded(long throughSequence) throws EntryLogException {
        ensureOpen();
        try {
            return store.markUploaded(1, throughSequence);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot mark records up to " + throughSequence + " uploaded", e);
        }
    }

    /** The last sequence number this device used in this file (a purged one included), 0 if none. */
    public synchronized long lastSequence() throws EntryLogException {
        ensureOpen();
        try {
            return store.head().map(LogStore.Head::sequence).orElse(0L);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot read the last sequence", e);
        }
    }

    /** The number of records stored for this log's device, markers included. */
    public synchronized long count() throws EntryLogException {
        ensureOpen();
        try {
            return store.count();
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot count entries", e);
        }
    }

    /** Unlogged decisions and the file set aside on opening, for the daemon's status. */
    public synchronized EntryLogStatus status() {
        return new EntryLogStatus(ledger.unlogged(), ledger.pending(), setAside);
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

    /**
     * Records waiting gap records and signs the last record if no checkpoint covers it yet, then closes the
     * connection; SQLite checkpoints the WAL into the main file when the last connection closes.
     */
    @Override
    public synchronized void close() throws EntryLogException {
        if (closed) {
            return;
        }
        flush(true);
        if (ledger.pending() > 0) {
            Logger.error("Entry log {} closes with {} unlogged decision(s) not recorded in a gap record", file,
                    ledger.pending());
        }
        closed = true;
        try (connection) {
            Logger.debug("Closing entry log {}", file);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot close", e);
        }
    }

    /** Writes what waits (restart, gap records) and a checkpoint when due, or always if {@code sign}. */
    private boolean flush(boolean sign) {
        if (!restartPending && ledger.pending() == 0 && options.signingKey().isEmpty()) {
            return false;
        }
        return write(null, sign).checkpointed();
    }

    /**
     * The one write transaction: settle an uncertain earlier write, check the bounds, then chain any restart
     * record, the waiting gap records and {@code entry} (if not null), sign a checkpoint when due, and commit.
     */
    private WriteResult write(EntryRecord entry, boolean sign) {
        Instant now = options.clock().instant();
        Instant lostAt = entry == null ? now : entry.wallTime();
        LogStore.Head head = null;
        int covered = 0;
        boolean committing = false;
        boolean checkpointed = false;
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                ledger.settle(store);
                List<GapRecord> gaps = ledger.gapRecords(now);
                Optional<String> full = overBound(gaps.size() + (entry == null ? 0 : 1));
                if (full.isPresent()) {
                    rollbackAfter(statement, null);
                    return entry == null ? WriteResult.NOTHING : new WriteResult(ledger.lose(GapReason.CAPACITY, lostAt,
                            full.get()), false);
                }
                head = writer.start(now, restartPending ? setAside.orElse(null) : null);
                for (GapRecord gap : gaps) {
                    head = writer.write(head, gap);
                }
                covered = gaps.size();
                if (entry != null) {
                    head = writer.write(head, entry);
                }
                if (sign ? writer.unsigned(head) : writer.checkpointDue(head, now)) {
                    writer.checkpoint(head, now);
                    checkpointed = true;
                }
                committing = true;
                commitPoint.commit(connection);
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackAfter(statement, e);
                throw e;
            }
        } catch (SQLException | IOException e) {
            return lost(e, entry, lostAt, committing ? head : null, covered);
        }
        ledger.recorded(covered);
        restartPending = false;
        return new WriteResult(new Appended.Written(head.sequence()), checkpointed);
    }

    private WriteResult lost(Exception fault, EntryRecord entry, Instant lostAt, LogStore.Head attempted, int covered) {
        GapReason reason = isDiskFull(fault) ? GapReason.STORAGE_FULL : GapReason.STORAGE_FAULT;
        String detail = fault.getMessage() == null ? fault.toString() : fault.getMessage();
        if (attempted != null) {
            ledger.uncertain(attempted.sequence(), attempted.hash(), covered, entry == null ? null : reason, lostAt);
        }
        if (entry == null) {
            Logger.warn("Entry log {}: cannot write waiting gap records or a checkpoint yet: {}", file, detail);
            return WriteResult.NOTHING;
        }
        Appended.Lost lost = attempted != null ? new Appended.Lost(reason, ledger.pending(), detail)
                : ledger.lose(reason, lostAt, detail);
        Logger.error("Entry log {}: decision not logged ({}), {} unlogged so far: {}", file, reason,
                ledger.unlogged(), detail);
        return new WriteResult(lost, false);
    }

    /** Why {@code needed} more records would break a bound, or empty when they fit. */
    private Optional<String> overBound(int needed) throws SQLException {
        if (options.maxRecords() < Long.MAX_VALUE) {
            long first = store.firstSequence();
            long stored = first == 0 ? 0 : store.lastSequence() - first + 1;
            if (stored + needed > options.maxRecords()) {
                return Optional.of("the log holds " + stored + " records of device " + deviceId + "; " + needed
                        + " more would pass the bound of " + options.maxRecords());
            }
        }
        if (options.maxBytes() < Long.MAX_VALUE) {
            long used = store.usedBytes();
            if (used >= options.maxBytes()) {
                return Optional.of("the log uses " + used + " bytes, at or past the bound of " + options.maxBytes());
            }
        }
        return Optional.empty();
    }

    private static boolean isDiskFull(Exception fault) {
        if (fault instanceof SQLiteException sqlite) {
            return (sqlite.getResultCode().code & 0xFF) == SQLiteErrorCode.SQLITE_FULL.code;
        }
        String message = String.valueOf(fault.getMessage());
        return fault instanceof IOException && message.contains("No space left on device");
    }

    /** Undoes the open transaction, if any; a failing rollback joins the fault, if there is one. */
    private static void rollbackAfter(Statement statement, Exception fault) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            if (fault != null) {
                fault.addSuppressed(e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Entry log " + file + " is closed");
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

    /** The outcome of one write transaction: the append's answer, and whether a checkpoint was signed. */
    private record WriteResult(Appended appended, boolean checkpointed) {
        static final WriteResult NOTHING = new WriteResult(null, false);
    }
}
