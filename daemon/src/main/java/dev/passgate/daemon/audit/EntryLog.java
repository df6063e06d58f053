package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * count survives a crash through the pre-allocated {@link LossReserve} only (without it, only while the process
 * runs; the log tries once more to record it on {@link #close}); the byte
 * bound is checked before each write, which may pass it by its own few hundred bytes; records after the last
 * checkpoint can be cut off the end of the file without the chain showing it (the collector, which knows what it
 * received, can, and the next opening continues above the reservation mark with a {@link RestartRecord}); and the
 * file itself may be lost (uploading is the remedy).
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
 * | kind         | INTEGER | RecordKind code: 1 ENTRY, 2 GAP, 3 RESTART, 5 DOOR                |
 * | wall_time_ms | INTEGER | when the event happened, ms since 1970-01-01T00:00Z, in clear     |
 * | body_format  | INTEGER | BodyFormat code: 0 CBOR, 1 AES-256-GCM, 2 authority, 3 both       |
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
    /**
     * SQLite's page cache for the log's connection, in KiB (its default is 2,000 KiB, kept in native memory once
     * filled). Appends touch only the right edge of the table and its index, and the uploader and the chain check
     * read in order, so a small cache costs no reads; measured in docs/performance-camera.md.
     */
    static final int CACHE_KIB = 256;
    private static final int MAX_DEVICE_ID_LENGTH = 128;
    private static final Set<String> READABLE_PRAGMAS =
            Set.of("journal_mode", "synchronous", "busy_timeout", "user_version", "application_id", "cache_size");

    private final Path file;
    private final String deviceId;
    private final Connection connection;
    private final EntryLogOptions options;
    private final LogStore store;
    private final BodyCodec codec;
    private final Transactions transactions;
    private final Optional<SetAside> setAside;
    private boolean closed;

    private EntryLog(Path file, String deviceId, LogOpener.Opened opened, CommitPoint commitPoint,
                     EntryLogOptions options, BodyCodec codec) {
        this(file, deviceId, opened, commitPoint, options, codec, null);
    }

    private EntryLog(Path file, String deviceId, LogOpener.Opened opened, CommitPoint commitPoint,
                     EntryLogOptions options, BodyCodec codec, String diskless) {
        this.file = file;
        this.deviceId = deviceId;
        this.connection = opened.connection();
        this.options = options;
        this.codec = codec;
        this.store = new LogStore(connection, deviceId);
        this.setAside = opened.setAside();
        this.transactions = new Transactions(file, deviceId, connection, commitPoint, options, codec, setAside,
                diskless);
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
        BodyCodec codec = new BodyCodec(options.cipher().orElse(null), options.authority().orElse(null), null);
        LogOpener.Opened opened = LogOpener.open(path, codec, commitPoint, options.clock());
        EntryLog log = new EntryLog(path, deviceId, opened, commitPoint, options, codec);
        log.flush(false);
        Logger.info("Entry log {} open for device {}, last sequence {}", path, deviceId, log.lastSequence());
        return log;
    }

    /**
     * A log for {@code file} that has no file yet and cannot make one (the first start on a full disk): its tables
     * live in memory, empty, and it never writes there; every {@link #append} is an {@link Appended.Lost} with
     * {@link GapReason#STORAGE_FULL}, counted in the loss ledger. The ledger's reserve beside {@code file} is made
     * as soon as there is room (tried at each upkeep), so the count survives a crash; the next start with room
     * opens the real file and writes the gap records. {@code why} is the reason shown in {@link #status}.
     */
    public static EntryLog diskless(Path file, String deviceId, EntryLogOptions options, String why)
            throws EntryLogException {
        requireDeviceId(deviceId);
        Path path = file.toAbsolutePath();
        BodyCodec codec = new BodyCodec(options.cipher().orElse(null), options.authority().orElse(null), null);
        LogOpener.Opened opened = LogOpener.inMemory(path, codec);
        EntryLog log = new EntryLog(path, deviceId, opened, CommitPoint.SQLITE, options, codec, why);
        Logger.error("Entry log {} cannot be created ({}): deciding without a log, every decision counted as lost",
                path, why);
        return log;
    }

    /**
     * Stores {@code record} under the next sequence number of this log's device; {@link Appended.Written} once the
     * transaction has committed, {@link Appended.Lost} at once when it cannot be written.
     */
    public synchronized Appended append(EntryRecord record) {
        Objects.requireNonNull(record, "record");
        ensureOpen();
        return transactions.write(record, false).appended();
    }

    /**
     * Stores what happened at the door like a scan: under the next sequence number, chained, {@link Appended.Lost}
     * (counted, with a gap record later) when it cannot be written. The body stays in clear: it holds no personal
     * data, and a collector counts door events without the key.
     */
    public synchronized Appended append(DoorRecord record) {
        Objects.requireNonNull(record, "record");
        ensureOpen();
        return transactions.write(record, false).appended();
    }

    /** The most records one {@link #maintain} run purges: a wrong clock costs a bounded slice per run at most. */
    public static final long MAX_PURGE_PER_RUN = 10L * Retention.BATCH;

    /** {@link #maintain(boolean)} with a clock the caller trusts. */
    public Maintenance maintain() throws EntryLogException {
        return maintain(true);
    }

    /**
     * The periodic upkeep the daemon runs about once a minute: the retention purge (when configured), a checkpoint
     * when one is due by time, and gap records for decisions that wait for one. Purges in batches, each in its own
     * transaction, so appends are held up by one batch at most, and at most {@link #MAX_PURGE_PER_RUN} records a
     * run. Without {@code clockTrusted} only records already uploaded are purged ({@link Retention}).
     */
    public Maintenance maintain(boolean clockTrusted) throws EntryLogException {
        long purged = 0;
        long notUploaded = 0;
        for (Retention.Batch batch = purgeBatch(clockTrusted); batch.purged() > 0; batch = purgeBatch(clockTrusted)) {
            purged += batch.purged();
            notUploaded += batch.notUploaded();
            if (purged >= MAX_PURGE_PER_RUN) {
                break;
            }
        }
        synchronized (this) {
            ensureOpen();
            long waiting = transactions.ledger().pending();
            boolean checkpointed = flush(false);
            return new Maintenance(purged, notUploaded, checkpointed, waiting - transactions.ledger().pending());
        }
    }

    private synchronized Retention.Batch purgeBatch(boolean clockTrusted) throws EntryLogException {
        ensureOpen();
        return options.retention().isEmpty() ? Retention.Batch.NONE
                : transactions.purge(options.retention().get(), clockTrusted);
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

    /**
     * Marks this device's records {@code from..through} as uploaded, for an uploader that was told exactly which
     * records the collector stored; returns how many rows changed.
     */
    public synchronized int markUploaded(long from, long through) throws EntryLogException {
        ensureOpen();
        try {
            return store.markUploaded(from, through);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot mark records " + from + ".." + through + " uploaded", e);
        }
    }

    /** The lowest sequence of this device not yet marked uploaded, 0 when every stored record is. */
    public synchronized long firstNotUploaded() throws EntryLogException {
        ensureOpen();
        try {
            return store.firstNotUploaded();
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot find the first record not uploaded", e);
        }
    }

    /** The checkpoints of this log's device at sequences {@code from..through}, in sequence order. */
    public synchronized List<Checkpoint> checkpoints(long from, long through) throws EntryLogException {
        ensureOpen();
        try {
            return store.checkpoints(from, through);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot read checkpoints " + from + ".." + through, e);
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

    /** How many of this device's records, markers included, are not uploaded yet: the upload queue's depth. */
    public synchronized long pendingUpload() throws EntryLogException {
        ensureOpen();
        try {
            return store.countNotUploaded(1, Long.MAX_VALUE);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot count the records not uploaded", e);
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

    /**
     * The reservation mark of {@code deviceId} beside the log file {@code file}: the highest sequence the device may
     * have used ({@link SequenceReservations}), 0 if none. A chain that ends below it while no kiosk runs on the
     * file has lost its tail, or its writer died; the next opening continues above it.
     */
    public static long reservationMark(Path file, String deviceId) {
        return new SequenceReservations(SequenceReservations.beside(file.toAbsolutePath())).reserved(deviceId);
    }

    /** Unlogged decisions and the file set aside on opening, for the daemon's status. */
    public synchronized EntryLogStatus status() {
        List<String> problems = new ArrayList<>();
        if (transactions.diskless() != null) {
            problems.add("entry log " + file + " has no file (" + transactions.diskless() + "): every decision is"
                    + " counted as lost; free space and restart (passgate writes the gap records then)");
        }
        if (!transactions.reserved() && transactions.ledger().unlogged() > 0) {
            problems.add("loss reserve " + LossReserve.beside(file) + " cannot be created: the "
                    + transactions.ledger().unlogged() + " unlogged decision(s) are counted in memory only");
        }
        return new EntryLogStatus(transactions.ledger().unlogged(), transactions.ledger().pending(), setAside,
                problems);
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
        transactions.settleReservation();
        if (transactions.ledger().pending() > 0) {
            Logger.error("Entry log {} closes with {} unlogged decision(s) not recorded in a gap record", file,
                    transactions.ledger().pending());
        }
        closed = true;
        transactions.closeReserve();
        try (connection) {
            Logger.debug("Closing entry log {}", file);
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot close", e);
        }
    }

    /** Writes what waits (restart, gap records) and a checkpoint when due, or always if {@code sign}. */
    private boolean flush(boolean sign) {
        if (!transactions.waiting() && options.signingKey().isEmpty()) {
            return false;
        }
        return transactions.write(null, sign).checkpointed();
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


}
