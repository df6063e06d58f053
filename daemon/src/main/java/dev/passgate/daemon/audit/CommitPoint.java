package dev.passgate.daemon.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one storage step at which an append becomes durable. {@link EntryLog} acknowledges an entry only after
 * {@link #commit} returns. Tests replace it to inject a fault exactly at the commit point, before or after the
 * real commit, the way Tape's {@code BrokenRandomAccessFile} does for its queue file.
 */
@FunctionalInterface
interface CommitPoint {
    /** Commits the open transaction with SQLite's own COMMIT. */
    CommitPoint SQLITE = connection -> {
        try (Statement statement = connection.createStatement()) {
            statement.execute("COMMIT");
        }
    };

    void commit(Connection connection) throws SQLException;
}
