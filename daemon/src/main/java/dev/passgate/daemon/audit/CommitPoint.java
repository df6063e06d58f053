package dev.passgate.daemon.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The storage seam of the entry log: the one step at which a write becomes durable, and a hook on every
 * connection the log opens. {@link EntryLog} acknowledges a record only after {@link #commit} returns. Tests
 * replace it to inject a fault exactly at the commit point, before or after the real commit (a disk-full
 * {@code SQLITE_FULL} among them), the way Tape's {@code BrokenRandomAccessFile} does for its queue file, and use
 * {@link #opened} to set connection limits such as {@code PRAGMA max_page_count} that make SQLite itself run out of
 * space.
 */
interface CommitPoint {
    /** Commits the open transaction with SQLite's own COMMIT and does nothing on opening. */
    CommitPoint SQLITE = connection -> {
        try (Statement statement = connection.createStatement()) {
            statement.execute("COMMIT");
        }
    };

    void commit(Connection connection) throws SQLException;

    /** Called once on each connection the log opens, after its PRAGMAs are set and before anything is read. */
    default void opened(Connection connection) throws SQLException {
    }
}
