package dev.passgate.daemon.revocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.tinylog.Logger;

/**
 * The revocation lists of the installed trust bundle, in a SQLite file, looked up offline on the scan path.
 *
 * <p>Contract. {@link #replaceAll} installs a whole new list: inside one transaction it streams the entries in
 * batches into a temporary staging table, copies them sorted into a new table, then drops the old table and
 * renames the new one, so a reader sees either the old list or the new one, never a mix, and a failure at any
 * point (the entries' iterator throwing, a full disk, the process killed) leaves the old list and version in
 * place. It keeps at most one batch of entries in the heap, whatever the list's length. Lookups run on their own
 * connection and are not blocked by a running install (WAL); each is a search of the table's primary key,
 * O(log n). Entries that repeat a
 * (kind, key, scope) are stored once; their {@code revokedSince} becomes the one that revokes more (none beats a
 * time; of two times, the later). {@code revokedSince} is stored in whole seconds, as SMART lists give it; a
 * fraction of a second is dropped. All methods are thread-safe; installs are serialised, lookups are serialised
 * among themselves, and {@link #close} waits for a running install. An install gives its writer connection
 * page caches of {@value #INSTALL_CACHE_KIB} KiB (main and temporary schema) and, when it ends, committed or not,
 * shrinks them back to {@value #IDLE_CACHE_KIB} KiB and frees their pages, so a large list does not leave the
 * daemon's native memory tens of MB higher for the rest of its life (docs/performance.md, "Revocation install
 * and resident memory").
 *
 * <p>Not guaranteed: that a bundle version only grows (the bundle installer decides what to install), or that the
 * file shrinks after a smaller list replaces a larger one: freed pages stay in the file and are reused by the next
 * install, so the file holds up to about twice the largest list.
 *
 * <p>On-disk format, version 1: a SQLite database with {@code PRAGMA user_version = 1} and
 * {@code PRAGMA application_id = 0x50475256} ("PGRV"), in WAL mode, holding two tables:
 * <pre>
 * revocation_meta            exactly one row, id = 1
 * +----------------+---------+----------+-------------------------------------------------------+
 * | column         | type    | null     | meaning                                               |
 * +----------------+---------+----------+-------------------------------------------------------+
 * | id             | INTEGER | not null | always 1                                              |
 * | bundle_version | INTEGER | not null | version given to the last replaceAll, 0 before any    |
 * | entry_count    | INTEGER | not null | rows in revoked                                       |
 * +----------------+---------+----------+-------------------------------------------------------+
 *
 * revoked                    WITHOUT ROWID, PRIMARY KEY (kind, key, scope), CHECKs on the bounds below
 * +----------------+---------+----------+-------------------------------------------------------+
 * | kind           | INTEGER | not null | 1 DCC_UCI, 2 DCC_COUNTRYCODEUCI, 3 DCC_SIGNATURE,     |
 * |                |         |          | 4 SHC_RID (RevocationEntry.Kind codes)                |
 * | key            | BLOB    | not null | DCC: 16-byte SHA-256 prefix; SHC: UTF-8 of the rid,   |
 * |                |         |          | 1..64 bytes                                           |
 * | scope          | TEXT    | not null | DCC: issuing country code, "" for every country, or   |
 * |                |         |          | CC/KID (a bundle's EU batch of one signer);           |
 * |                |         |          | SHC: iss + "#" + kid; at most 512 characters          |
 * | revoked_since  | INTEGER | null     | seconds since 1970-01-01T00:00Z; null = no time given |
 * +----------------+---------+----------+-------------------------------------------------------+
 * </pre>
 * During an install a third table, {@code revoked_next} (same columns), exists inside the open transaction only,
 * and the entries are staged in a temporary table outside the file (SQLite's temporary folder: SQLITE_TMPDIR,
 * else /var/tmp), which needs about as much free space as the list while the install runs.
 * Golden version 1 files live in the test resources under {@code revocation/}; later versions must still read them.
 */
public final class RevocationStore implements Revocations, AutoCloseable {
    static final int BUSY_TIMEOUT_MS = 5_000;
    static final int BATCH_SIZE = 10_000;
    /** The writer's page caches (main and temp) while an install runs: the sort and the B-tree fill want it. */
    static final int INSTALL_CACHE_KIB = 64 * 1024;
    /** The writer's page caches between installs, when it only opens the store. */
    static final int IDLE_CACHE_KIB = 256;
    /** Staged pages (4 MiB) from which an install trims the C heap when it ends. */
    static final long TRIM_AFTER_PAGES = 1_024;
    private static final int SORTER_THREADS = 2;
    private static final String FIND_DCC = "SELECT scope, revoked_since FROM revoked WHERE kind = ? AND key = ?"
            + " AND scope IN (?, '') ORDER BY scope DESC LIMIT 1";
    private static final String FIND_SHC = "SELECT revoked_since FROM revoked WHERE kind = "
            + RevocationEntry.Kind.SHC_RID.code() + " AND key = ? AND scope = ?";
    private static final String META = "SELECT bundle_version, entry_count FROM revocation_meta WHERE id = 1";
    private static final String STAGE = "CREATE TEMP TABLE " + RevocationSchema.STAGE_TABLE
            + " (kind INTEGER, key BLOB, scope TEXT, revoked_since INTEGER)";
    private static final String INSERT_STAGED = "INSERT INTO temp." + RevocationSchema.STAGE_TABLE
            + " (kind, key, scope, revoked_since) VALUES (?, ?, ?, ?)";
    private static final String COPY_SORTED = "INSERT INTO " + RevocationSchema.NEXT_TABLE
            + " (kind, key, scope, revoked_since) SELECT kind, key, scope, revoked_since FROM temp."
            + RevocationSchema.STAGE_TABLE + " WHERE true ORDER BY kind, key, scope"
            + " ON CONFLICT (kind, key, scope) DO UPDATE SET revoked_since = CASE WHEN revoked_since IS NULL"
            + " OR excluded.revoked_since IS NULL THEN NULL ELSE max(revoked_since, excluded.revoked_since) END";

    private final Path file;
    private final Connection reader;
    private final Connection writer;
    private final PreparedStatement findDcc;
    private final PreparedStatement findShc;
    private final PreparedStatement meta;
    private final Object writeLock = new Object();
    private boolean closed;
    /** What the last install's clean-up did, as logged: the pages it staged and the trim's report. */
    private String lastRelease = "";

    private RevocationStore(Path file, Connection reader, Connection writer) throws SQLException {
        this.file = file;
        this.reader = reader;
        this.writer = writer;
        this.findDcc = reader.prepareStatement(FIND_DCC);
        this.findShc = reader.prepareStatement(FIND_SHC);
        this.meta = reader.prepareStatement(META);
    }

    /**
     * Opens the store in {@code sqliteFile}, creating missing parent folders, the file and an empty version 1
     * schema. Refuses a file that is not a revocation store or has another schema version.
     */
    public static RevocationStore open(Path sqliteFile) {
        Path path = sqliteFile.toAbsolutePath();
        if (path.toString().indexOf('?') >= 0) {
            throw new RevocationStoreException(path, "path contains '?', which the SQLite driver reads as options;"
                    + " expected a path without '?'");
        }
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new RevocationStoreException(path, "cannot create folder " + path.getParent(), e);
        }
        Connection writer = null;
        Connection reader = null;
        try {
            writer = connect(path);
            configureWal(writer, path);
            RevocationSchema.prepare(writer, path);
            reader = connect(path);
            try (Statement statement = reader.createStatement()) {
                statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                statement.execute("PRAGMA query_only = 1");
            }
            RevocationStore store = new RevocationStore(path, reader, writer);
            Logger.info("Revocation store {} open: bundle version {}, {} entries", path, store.version(),
                    store.size());
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw e instanceof RevocationStoreException fault ? fault
                    : new RevocationStoreException(path, "cannot open", e);
        }
    }

    /**
     * Replaces every entry with those of {@code entries}, recorded as {@code bundleVersion}, atomically. When the
     * iterator throws, its exception propagates unchanged after the old list has been kept; a storage fault is a
     * {@link RevocationStoreException}.
     */
    public void replaceAll(Iterator<RevocationEntry> entries, long bundleVersion) {
        Objects.requireNonNull(entries, "entries");
        synchronized (writeLock) {
            ensureOpen();
            long started = System.nanoTime();
            long count;
            long staged = 0;
            try (Statement statement = writer.createStatement()) {
                cacheSize(statement, INSTALL_CACHE_KIB);
                statement.execute("BEGIN IMMEDIATE");
                boolean committed = false;
                try {
                    count = install(statement, entries, bundleVersion);
                    staged = stagedPages(statement);
                    statement.execute("COMMIT");
                    committed = true;
                } finally {
                    if (!committed) {
                        staged = stagedPages(statement);
                        RevocationSchema.rollbackQuietly(statement);
                    }
                }
                checkpoint();
            } catch (SQLException e) {
                throw new RevocationStoreException(file, "cannot install bundle version " + bundleVersion, e);
            } finally {
                releaseCache(staged);
            }
            Logger.info("Revocation store {}: installed bundle version {} with {} entries in {} ms", file,
                    bundleVersion, count, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Stages the entries unsorted in a temporary table, then copies them into the new table in key order: SQLite
     * sorts with bounded memory (spilling to temporary files), and in-order inserts fill B-tree pages one after
     * the other, about four times faster at ten million entries than inserting random keys straight into the
     * index.
     */
    private long install(Statement statement, Iterator<RevocationEntry> entries, long bundleVersion)
            throws SQLException {
        statement.execute("DROP TABLE IF EXISTS temp." + RevocationSchema.STAGE_TABLE);
        statement.execute(STAGE);
        try (PreparedStatement insert = writer.prepareStatement(INSERT_STAGED)) {
            int pending = 0;
            while (entries.hasNext()) {
                bind(insert, entries.next());
                insert.addBatch();
                if (++pending == BATCH_SIZE) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
        statement.execute("DROP TABLE IF EXISTS " + RevocationSchema.NEXT_TABLE);
        statement.execute(RevocationSchema.createEntries(RevocationSchema.NEXT_TABLE));
        statement.execute(COPY_SORTED);
        statement.execute("DROP TABLE temp." + RevocationSchema.STAGE_TABLE);
        long count = RevocationSchema.longQuery(statement, "SELECT count(*) FROM " + RevocationSchema.NEXT_TABLE);
        statement.execute("DROP TABLE " + RevocationSchema.TABLE);
        statement.execute("ALTER TABLE " + RevocationSchema.NEXT_TABLE + " RENAME TO " + RevocationSchema.TABLE);
        statement.execute("UPDATE revocation_meta SET bundle_version = " + bundleVersion + ", entry_count = "
                + count + " WHERE id = 1");
        return count;
    }

    /** Copies the install from the WAL into the main file and empties the WAL; a failure only costs disk space. */
    private void checkpoint() {
        try (Statement statement = writer.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            Logger.warn("Revocation store {}: checkpoint after an install failed: {}", file, e.getMessage());
        }
    }

    /**
     * Closes the writer's temporary database, shrinks its page caches back to {@value #IDLE_CACHE_KIB} KiB and
     * frees their unused pages: SQLite keeps a connection's cache allocated (native memory, outside the heap) until
     * then, and this connection lives as long as the daemon. The temporary database held the staged entries (pages
     * that were never written out, so no shrink frees them); changing {@code temp_store} and setting it back to the
     * value it had closes it (the next install opens a new one where that value says). Then trims the
     * C heap, which otherwise keeps most of the freed pages resident (measured in docs/performance.md), when the
     * install staged at least {@value #TRIM_AFTER_PAGES} pages: the first trim costs about 2 MB for good (the
     * JVM's management beans), more than a small list leaves behind. The trim holds glibc's arena locks while it
     * returns the pages (milliseconds), so a lookup that mallocs meanwhile waits that long; it happens once per
     * large install. A failure only costs memory.
     */
    private void releaseCache(long staged) {
        try (Statement statement = writer.createStatement()) {
            long tempStore = RevocationSchema.longQuery(statement, "PRAGMA temp_store");
            statement.execute("PRAGMA temp_store = " + (tempStore == 2 ? 1 : 2));
            statement.execute("PRAGMA temp_store = " + tempStore);
            cacheSize(statement, IDLE_CACHE_KIB);
            statement.execute("PRAGMA shrink_memory");
        } catch (SQLException e) {
            Logger.warn("Revocation store {}: releasing the install's page cache failed: {}", file, e.getMessage());
        }
        lastRelease = "page caches back to " + IDLE_CACHE_KIB + " KiB after staging " + staged + " pages; "
                + (staged >= TRIM_AFTER_PAGES ? NativeHeap.trim() : "C heap not trimmed");
        Logger.info("Revocation store {}: {}", file, lastRelease);
    }

    /**
     * Pages of the temporary database the install staged into, read before its transaction ends: a rollback
     * takes the count back to 0, though the pages stay allocated. 0 when it cannot be read.
     */
    private static long stagedPages(Statement statement) {
        try {
            return RevocationSchema.longQuery(statement, "PRAGMA temp.page_count");
        } catch (SQLException e) {
            return 0;
        }
    }

    private static void cacheSize(Statement statement, int kib) throws SQLException {
        statement.execute("PRAGMA cache_size = -" + kib);
        statement.execute("PRAGMA temp.cache_size = -" + kib);
    }

    private static void bind(PreparedStatement insert, RevocationEntry entry) throws SQLException {
        Objects.requireNonNull(entry, "a revocation entry is null");
        insert.setInt(1, entry.kind().code());
        insert.setBytes(2, entry.key());
        insert.setString(3, entry.scope());
        if (entry.revokedSince() == null) {
            insert.setNull(4, Types.INTEGER);
        } else {
            insert.setLong(4, entry.revokedSince().getEpochSecond());
        }
    }

    /** The bundle version of the installed list, 0 when none has been installed. */
    public long version() {
        return metaValue(1);
    }

    /** The number of distinct entries installed. */
    public long size() {
        return metaValue(2);
    }

    @Override
    public Optional<RevocationEntry> findDcc(RevocationEntry.Kind kind, String country, byte[] prefix16) {
        if (!kind.dcc()) {
            throw new IllegalArgumentException("findDcc needs a DCC kind, found " + kind);
        }
        if (prefix16.length != RevocationEntry.DCC_KEY_BYTES) {
            throw new IllegalArgumentException("a DCC key has " + RevocationEntry.DCC_KEY_BYTES + " bytes, found "
                    + prefix16.length);
        }
        String scope = country == null || country.length() > RevocationEntry.MAX_SCOPE_LENGTH ? "" : country;
        synchronized (reader) {
            ensureOpen();
            try {
                findDcc.setInt(1, kind.code());
                findDcc.setBytes(2, prefix16);
                findDcc.setString(3, scope);
                try (ResultSet row = findDcc.executeQuery()) {
                    return row.next() ? Optional.of(new RevocationEntry(kind, row.getString(1), prefix16,
                            instant(row, 2))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new RevocationStoreException(file, "cannot look up a " + kind + " key", e);
            }
        }
    }

    @Override
    public Optional<RevocationEntry> findShc(String scope, String rid) {
        byte[] key = rid.getBytes(StandardCharsets.UTF_8);
        if (key.length == 0 || key.length > RevocationEntry.MAX_RID_BYTES || scope.isEmpty()
                || scope.length() > RevocationEntry.MAX_SCOPE_LENGTH) {
            return Optional.empty();
        }
        synchronized (reader) {
            ensureOpen();
            try {
                findShc.setBytes(1, key);
                findShc.setString(2, scope);
                try (ResultSet row = findShc.executeQuery()) {
                    return row.next() ? Optional.of(new RevocationEntry(RevocationEntry.Kind.SHC_RID, scope, key,
                            instant(row, 1))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new RevocationStoreException(file, "cannot look up an SHC rid", e);
            }
        }
    }

    public Path file() {
        return file;
    }

    /** Closes both connections, after a running install has finished. */
    @Override
    public void close() {
        synchronized (writeLock) {
            synchronized (reader) {
                if (closed) {
                    return;
                }
                closed = true;
                try (writer; reader; findDcc; findShc; meta) {
                    Logger.debug("Closing revocation store {}", file);
                } catch (SQLException e) {
                    throw new RevocationStoreException(file, "cannot close", e);
                }
            }
        }
    }

    /** What the last install's clean-up did (pages staged, the C heap's trim), for tests; empty before one. */
    String lastRelease() {
        synchronized (writeLock) {
            return lastRelease;
        }
    }

    /** The value of {@code PRAGMA name} on the writing connection, for tests. */
    String writerPragma(String name) throws SQLException {
        synchronized (writeLock) {
            ensureOpen();
            try (Statement statement = writer.createStatement();
                 ResultSet result = statement.executeQuery("PRAGMA " + name)) {
                return result.next() ? result.getString(1) : "";
            }
        }
    }

    /** Runs {@code sql} on the reading connection and returns the first column of its first row, for tests. */
    String queryText(String sql) throws SQLException {
        synchronized (reader) {
            ensureOpen();
            try (Statement statement = reader.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                StringBuilder text = new StringBuilder();
                while (result.next()) {
                    text.append(result.getString(result.getMetaData().getColumnCount())).append('\n');
                }
                return text.toString();
            }
        }
    }

    private long metaValue(int column) {
        synchronized (reader) {
            ensureOpen();
            try (ResultSet row = meta.executeQuery()) {
                if (!row.next()) {
                    throw new RevocationStoreException(file, "revocation_meta has no row; expected exactly one");
                }
                return row.getLong(column);
            } catch (SQLException e) {
                throw new RevocationStoreException(file, "cannot read the store's version and size", e);
            }
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long seconds = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochSecond(seconds);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Revocation store " + file + " is closed");
        }
    }

    private static Connection connect(Path file) throws SQLException {
        return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, new Properties());
    }

    private static void configureWal(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            String mode;
            try (ResultSet result = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                result.next();
                mode = result.getString(1);
            }
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new RevocationStoreException(file, "journal_mode is " + mode + " after asking for WAL;"
                        + " expected wal");
            }
            statement.execute("PRAGMA synchronous = FULL");
            cacheSize(statement, IDLE_CACHE_KIB);
            statement.execute("PRAGMA threads = " + SORTER_THREADS);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            Logger.debug("Closing a connection that failed to open: {}", e.getMessage());
        }
    }
}
