package dev.passgate.daemon.verify.pg1;

import java.io.Closeable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * A replay cache in a SQLite file in the data folder, so that a presentation accepted just before a restart is
 * still refused just after it. Format, version 1 ({@code PRAGMA user_version = 1}):
 *
 * <pre>
 *   CREATE TABLE seen (
 *     key          TEXT    PRIMARY KEY,   -- hex of SHA-256(credential) followed by hex of the nonce
 *     forget_after INTEGER NOT NULL       -- epoch milliseconds; the row is pruned once this is past
 *   )
 * </pre>
 *
 * A version 1 sample lives in test resources ({@code pg1/replay-v1.db}); later versions must still read it.
 * Rows hold no personal data: a digest of the credential and a random nonce. A write that fails is reported as
 * "first seen" (fail open on storage, not on signatures) after the in-memory fallback is consulted, so a broken
 * disk does not lock every holder out; {@link #failures()} counts those cases.
 */
public final class SqliteReplayCache implements ReplayCache, Closeable {
    private static final int VERSION = 1;
    private final Connection connection;
    private final MemoryReplayCache fallback = new MemoryReplayCache();
    private long failures;

    private SqliteReplayCache(Connection connection) {
        this.connection = connection;
    }

    public static SqliteReplayCache open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, "
                    + "forget_after INTEGER NOT NULL)");
            statement.execute("PRAGMA user_version = " + VERSION);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new SqliteReplayCache(connection);
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
