package dev.passgate.daemon.verify.pg1;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tinylog.Logger;

/**
 * A replay cache in a SQLite file in the data folder, so that a presentation accepted just before a restart is
 * still refused just after it. Format, version 1 ({@code PRAGMA user_version = 1}):
 *
 * <pre>
 *   CREATE TABLE seen (
 *     key          TEXT    PRIMARY KEY,   -- the kiosk writes HMAC-SHA-256(site secret, "pg1-replay" 0x00
 *                                       --   hex SHA-256(credential) hex nonce), 16 bytes as hex (version 1 files
 *                                       --   of older kiosks hold the hex key itself; both are opaque text)
 *     forget_after INTEGER NOT NULL       -- epoch milliseconds; the row is pruned once this is past
 *   )
 * </pre>
 *
 * A version 1 sample lives in test resources ({@code pg1/replay-v1.db}); later versions must still read it.
 * Rows hold no personal data: a digest of the credential and a random nonce. A write that fails is reported as
 * "first seen" (fail open on storage, not on signatures) after the in-memory fallback is consulted, so a broken
 * disk does not lock every holder out; {@link #failures()} counts those cases. The fallback remembers the last
 * {@value #FALLBACK_CAPACITY} presentations.
 */
public final class SqliteReplayCache implements ReplayCache, Closeable {
    private static final int VERSION = 1;
    /** SQLite's page cache in KiB (default 2,000): the table holds only the last few minutes' presentations. */
    private static final int CACHE_KIB = 256;
    private final Connection connection;
    /**
     * The presentations the in-memory fallback remembers, most recent first: 11 a second over the longest retention
     * (360 s), far more than a kiosk sees, in about 0.5 MB. Without a bound it held a second copy of the table on
     * the heap, 2.2 MB at 130 PG1 scans a second (docs/performance-camera.md).
     */
    static final int FALLBACK_CAPACITY = 4096;
    private final MemoryReplayCache fallback = new MemoryReplayCache(FALLBACK_CAPACITY);
    private long failures;
    private boolean setAside;

    private SqliteReplayCache(Connection connection) {
        this.connection = connection;
    }

    /** Whether this cache was started empty because the file was damaged and set aside. */
    public synchronized boolean setAside() {
        return setAside;
    }

    /** Records {@code key} until {@code forgetAfter} without asking whether it was seen: for a rebuild. */
    public synchronized boolean seed(String key, Instant forgetAfter) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO seen (key, forget_after) VALUES (?, ?)")) {
            insert.setString(1, key);
            insert.setLong(2, forgetAfter.toEpochMilli());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            failures++;
            return false;
        }
    }

    public static SqliteReplayCache open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA cache_size = -" + CACHE_KIB);
            statement.execute("CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, "
                    + "forget_after INTEGER NOT NULL)");
            statement.execute("PRAGMA user_version = " + VERSION);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new SqliteReplayCache(connection);
    }

    /** A cache in memory only, for a kiosk that cannot open its file (a full disk): it forgets at a restart. */
    public static SqliteReplayCache inMemory() {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, forget_after INTEGER NOT NULL)");
            }
            return new SqliteReplayCache(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("an in-memory SQLite database cannot be created: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the cache in {@code file}; a file SQLite finds damaged (not a database, a malformed image, a failed
     * {@code quick_check}) is moved aside to {@code <name>.corrupt-<epoch ms>} (with its {@code -wal} and
     * {@code -shm}) and an empty cache started in its place, so a damaged cache never stops the kiosk. What is lost
     * is bounded: a PG1 code is refused as stale once it is older than the freshness window, so only a code shown
     * again within that window of the restart could pass twice; and the kiosk closes even that gap by re-seeding
     * the new cache with the keyed replay digests the entry log keeps for admitted PG1 presentations
     * ({@link #setAside()}, {@code ReplayRebuild}).
     */
    public static SqliteReplayCache openOrSetAside(Path file) throws SQLException {
        try {
            SqliteReplayCache cache = open(file);
            cache.quickCheck();
            return cache;
        } catch (SQLException e) {
            if (!damaged(e)) {
                throw e;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                for (String suffix : new String[] {"-wal", "-shm"}) {
                    Files.deleteIfExists(aside.resolveSibling(aside.getFileName() + suffix));
                    Path companion = file.resolveSibling(file.getFileName() + suffix);
                    if (Files.exists(companion)) {
                        Files.move(companion, aside.resolveSibling(aside.getFileName() + suffix));
                    }
                }
            } catch (IOException moveFailed) {
                e.addSuppressed(moveFailed);
                throw e;
            }
            Logger.warn("replay cache {} was damaged ({}); kept as {}, an empty cache started", file,
                    e.getMessage(), aside.getFileName());
            SqliteReplayCache fresh = open(file);
            fresh.setAside = true;
            return fresh;
        }
    }

    private void quickCheck() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA quick_check(1)")) {
            String first = result.next() ? result.getString(1) : "no answer";
            if (!"ok".equals(first)) {
                close();
                throw new SQLiteException("quick_check: " + first, SQLiteErrorCode.SQLITE_CORRUPT);
            }
        }
    }

    private static boolean damaged(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return false;
        }
        int primary = sqlite.getResultCode().code & 0xFF;
        return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
    }

    @Override
    public synchronized boolean firstSeen(String key, Instant forgetAfter, Instant now) {
        boolean inMemory = fallback.firstSeen(key, forgetAfter, now);
        try (PreparedStatement prune = connection.prepareStatement("DELETE FROM seen WHERE forget_after < ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT OR IGNORE INTO seen (key, forget_after) VALUES (?, ?)")) {
            prune.setLong(1, now.toEpochMilli());
            prune.executeUpdate();
            insert.setString(1, key);
            insert.setLong(2, forgetAfter.toEpochMilli());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            failures++;
            return inMemory;
        }
    }

    public synchronized long failures() {
        return failures;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            failures++;
        }
    }
}
