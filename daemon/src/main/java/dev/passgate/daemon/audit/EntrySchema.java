package dev.passgate.daemon.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.tinylog.Logger;

/**
 * Creates the version 1 schema drawn on {@link EntryLog} in a new, empty file and checks the header of an
 * existing one. Both happen inside one {@code BEGIN IMMEDIATE} transaction, so two processes opening a new file at
 * the same moment create the schema once, and a process killed half way leaves an empty file, not a partial
 * schema. A file written by a newer version is refused, never migrated downwards or guessed at.
 */
final class EntrySchema {
    static final int VERSION = 1;
    /** "PGEL", passgate entry log, in the SQLite header's application id field. */
    static final int APPLICATION_ID = 0x5047454C;

    /**
     * Not a STRICT table, so that SQLite before 3.37 (the sqlite3 tool on older Raspberry Pi OS) can still open
     * the file; the typeof checks give the integer columns the same guarantee.
     */
    private static final String CREATE_TABLE = """
            CREATE TABLE entries (
              device_id     TEXT    NOT NULL CHECK (length(device_id) BETWEEN 1 AND 128),
              seq           INTEGER NOT NULL CHECK (typeof(seq) = 'integer' AND seq >= 1),
              wall_time_ms  INTEGER NOT NULL CHECK (typeof(wall_time_ms) = 'integer'),
              mono_nanos    INTEGER NOT NULL CHECK (typeof(mono_nanos) = 'integer'),
              verdict       TEXT    NOT NULL CHECK (length(verdict) BETWEEN 1 AND 32),
              format        TEXT    NOT NULL CHECK (length(format) BETWEEN 1 AND 32),
              issuer_kid    TEXT             CHECK (length(issuer_kid) <= 128),
              holder_id     TEXT             CHECK (length(holder_id) <= 128),
              clock_trusted INTEGER NOT NULL CHECK (clock_trusted IN (0, 1)),
              PRIMARY KEY (device_id, seq)
            ) WITHOUT ROWID""";

    private EntrySchema() {
    }

    /** Creates the schema if the file is empty, or checks that it holds version {@value #VERSION}. */
    static void prepare(Connection connection, Path file) throws SQLException, EntryLogException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                checkOrCreate(statement, file);
                statement.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    rollbackQuietly(statement);
                }
            }
        }
    }

    private static void checkOrCreate(Statement statement, Path file) throws SQLException, EntryLogException {
        int version = intQuery(statement, "PRAGMA user_version");
        int applicationId = intQuery(statement, "PRAGMA application_id");
        if (version > VERSION) {
            throw new EntryLogException(file, "schema version " + version + " is newer than this build reads;"
                    + " expected version " + VERSION + " (was the file written by a newer passgate?)");
        }
        if (version == VERSION) {
            if (applicationId != APPLICATION_ID) {
                throw new EntryLogException(file, "not an entry log: application_id is " + hex(applicationId)
                        + ", expected " + hex(APPLICATION_ID));
            }
            return;
        }
        if (version != 0) {
            throw new EntryLogException(file, "schema version " + version + " is not valid; expected " + VERSION);
        }
        int tables = intQuery(statement, "SELECT count(*) FROM sqlite_master");
        if (applicationId != 0 || tables != 0) {
            throw new EntryLogException(file, "not an entry log: schema version 0 (none) with " + tables
                    + " schema objects and application_id " + hex(applicationId)
                    + "; expected an empty file or schema version " + VERSION);
        }
        statement.execute(CREATE_TABLE);
        statement.execute("PRAGMA application_id = " + APPLICATION_ID);
        statement.execute("PRAGMA user_version = " + VERSION);
        Logger.info("Created entry log {} with schema version {}", file, VERSION);
    }

    static int intQuery(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new SQLException("no row from " + sql);
            }
            return result.getInt(1);
        }
    }

    private static void rollbackQuietly(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            Logger.debug("Rollback after a failed schema check: {}", e.getMessage());
        }
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }
}
