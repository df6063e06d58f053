package dev.passgate.daemon.revocation;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.tinylog.Logger;

/**
 * Creates the version 1 schema drawn on {@link RevocationStore} in a new, empty file and checks the header of an
 * existing one, inside one {@code BEGIN IMMEDIATE} transaction, so that two processes opening a new file create
 * it once and a process killed half way leaves an empty file. A file written by a newer version is refused.
 */
final class RevocationSchema {
    static final int VERSION = 1;
    /** "PGRV", passgate revocation store, in the SQLite header's application id field. */
    static final int APPLICATION_ID = 0x50475256;
    static final String TABLE = "revoked";
    static final String NEXT_TABLE = "revoked_next";
    static final String STAGE_TABLE = "revoked_stage";

    private static final String CREATE_META = """
            CREATE TABLE revocation_meta (
              id             INTEGER PRIMARY KEY CHECK (id = 1),
              bundle_version INTEGER NOT NULL CHECK (typeof(bundle_version) = 'integer'),
              entry_count    INTEGER NOT NULL CHECK (typeof(entry_count) = 'integer' AND entry_count >= 0)
            )""";

    private RevocationSchema() {
    }

    /** The statement that creates an empty entry table under {@code name}. */
    static String createEntries(String name) {
        return "CREATE TABLE " + name + """
                 (
                  kind          INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),
                  key           BLOB    NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
                  scope         TEXT    NOT NULL CHECK (length(scope) <= 512),
                  revoked_since INTEGER,
                  PRIMARY KEY (kind, key, scope)
                ) WITHOUT ROWID""";
    }

    /** Creates the schema if the file is empty, or checks that it holds version {@value #VERSION}. */
    static void prepare(Connection connection, Path file) throws SQLException {
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

    private static void checkOrCreate(Statement statement, Path file) throws SQLException {
        int version = intQuery(statement, "PRAGMA user_version");
        int applicationId = intQuery(statement, "PRAGMA application_id");
        if (applicationId != 0 && applicationId != APPLICATION_ID) {
            throw new RevocationStoreException(file, "not a revocation store: application_id is "
                    + hex(applicationId) + ", expected " + hex(APPLICATION_ID));
        }
        if (version > VERSION) {
            throw new RevocationStoreException(file, "schema version " + version + " is newer than this build reads;"
                    + " expected version " + VERSION + " (was the file written by a newer passgate?)");
        }
        if (version == VERSION) {
            if (applicationId != APPLICATION_ID) {
                throw new RevocationStoreException(file, "not a revocation store: application_id is "
                        + hex(applicationId) + ", expected " + hex(APPLICATION_ID));
            }
            return;
        }
        if (version != 0) {
            throw new RevocationStoreException(file, "schema version " + version + " is not valid; expected "
                    + VERSION);
        }
        int objects = intQuery(statement, "SELECT count(*) FROM sqlite_master");
        if (applicationId != 0 || objects != 0) {
            throw new RevocationStoreException(file, "not a revocation store: schema version 0 (none) with "
                    + objects + " schema objects and application_id " + hex(applicationId)
                    + "; expected an empty file or schema version " + VERSION);
        }
        statement.execute(CREATE_META);
        statement.execute("INSERT INTO revocation_meta (id, bundle_version, entry_count) VALUES (1, 0, 0)");
        statement.execute(createEntries(TABLE));
        statement.execute("PRAGMA application_id = " + APPLICATION_ID);
        statement.execute("PRAGMA user_version = " + VERSION);
        Logger.info("Created revocation store {} with schema version {}", file, VERSION);
    }

    static long longQuery(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new SQLException("no row from " + sql);
            }
            return result.getLong(1);
        }
    }

    static int intQuery(Statement statement, String sql) throws SQLException {
        return Math.toIntExact(longQuery(statement, sql));
    }

    static void rollbackQuietly(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            Logger.debug("Rollback in the revocation store: {}", e.getMessage());
        }
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }
}
