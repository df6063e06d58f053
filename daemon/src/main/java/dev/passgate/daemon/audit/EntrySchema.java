package dev.passgate.daemon.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.tinylog.Logger;

/**
 * Creates the version 2 schema drawn on {@link EntryLog} in a new, empty file, checks the header of an existing
 * one, and migrates a version 1 file to version 2 ({@link SchemaMigration}). All of it happens inside one
 * {@code BEGIN IMMEDIATE} transaction, so two processes opening a new file at the same moment create the schema
 * once, and a process killed half way leaves the file as it was. A file written by a newer version is refused,
 * never migrated downwards or guessed at.
 */
final class EntrySchema {
    static final int VERSION = 2;
    /** "PGEL", passgate entry log, in the SQLite header's application id field (unchanged since version 1). */
    static final int APPLICATION_ID = 0x5047454C;

    /**
     * Not STRICT tables, so that SQLite before 3.37 (the sqlite3 tool on older Raspberry Pi OS) can still open the
     * file; the typeof checks give the columns the same guarantee.
     */
    static final String CREATE_RECORDS = """
            CREATE TABLE records (
              device_id    TEXT    NOT NULL CHECK (length(device_id) BETWEEN 1 AND 128),
              seq          INTEGER NOT NULL CHECK (typeof(seq) = 'integer' AND seq >= 1),
              kind         INTEGER NOT NULL CHECK (kind IN (1, 2, 3, 4, 5, 6)),
              wall_time_ms INTEGER NOT NULL CHECK (typeof(wall_time_ms) = 'integer'),
              body_format  INTEGER NOT NULL CHECK (body_format IN (0, 1, 2, 3)),
              body         BLOB    NOT NULL CHECK (typeof(body) = 'blob' AND length(body) <= 4096),
              prev_hash    BLOB    NOT NULL CHECK (typeof(prev_hash) = 'blob' AND length(prev_hash) = 32),
              hash         BLOB    NOT NULL CHECK (typeof(hash) = 'blob' AND length(hash) = 32),
              uploaded     INTEGER NOT NULL DEFAULT 0 CHECK (uploaded IN (0, 1)),
              PRIMARY KEY (device_id, seq)
            ) WITHOUT ROWID""";
    static final String CREATE_CHECKPOINTS = """
            CREATE TABLE checkpoints (
              device_id    TEXT    NOT NULL CHECK (length(device_id) BETWEEN 1 AND 128),
              seq          INTEGER NOT NULL CHECK (typeof(seq) = 'integer' AND seq >= 1),
              chain_hash   BLOB    NOT NULL CHECK (typeof(chain_hash) = 'blob' AND length(chain_hash) = 32),
              wall_time_ms INTEGER NOT NULL CHECK (typeof(wall_time_ms) = 'integer'),
              key_id       BLOB    NOT NULL CHECK (typeof(key_id) = 'blob' AND length(key_id) = 8),
              signature    BLOB    NOT NULL CHECK (typeof(signature) = 'blob' AND length(signature) = 64),
              PRIMARY KEY (device_id, seq)
            ) WITHOUT ROWID""";

    private EntrySchema() {
    }

    /** Creates the schema if the file is empty, migrates version 1, or checks that it holds version 2. */
    static void prepare(Connection connection, Path file, BodyCodec codec) throws SQLException, EntryLogException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                checkOrCreate(connection, statement, file, codec);
                statement.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    rollbackQuietly(statement);
                }
            }
        }
    }

    private static void checkOrCreate(Connection connection, Statement statement, Path file, BodyCodec codec)
            throws SQLException, EntryLogException {
        int version = intQuery(statement, "PRAGMA user_version");
        int applicationId = intQuery(statement, "PRAGMA application_id");
        if (version > VERSION) {
            throw new EntryLogException(file, "schema version " + version + " is newer than this build reads;"
                    + " expected version " + VERSION + " or older (was the file written by a newer passgate?)");
        }
        if (version == VERSION || version == 1) {
            if (applicationId != APPLICATION_ID) {
                throw new EntryLogException(file, "not an entry log: application_id is " + hex(applicationId)
                        + ", expected " + hex(APPLICATION_ID));
            }
            if (version == 1) {
                SchemaMigration.fromVersion1(connection, file, codec);
            } else if (codec.sealsToAuthority()) {
                widenBodyFormats(statement, file);
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
        createVersion2(statement);
        Logger.info("Created entry log {} with schema version {}", file, VERSION);
    }

    static void createVersion2(Statement statement) throws SQLException {
        statement.execute(CREATE_RECORDS);
        statement.execute(CREATE_CHECKPOINTS);
        statement.execute("PRAGMA application_id = " + APPLICATION_ID);
        statement.execute("PRAGMA user_version = " + VERSION);
    }

    /**
     * Version 2 files made before bodies could be sealed to the authority allow body formats 0 and 1 only; SQLite
     * cannot change a CHECK constraint, so the records table is copied into one made with {@link #CREATE_RECORDS}
     * (rows, hashes and marks unchanged), inside the caller's transaction. Done only when the log is about to write
     * format 2 or 3, so files of kiosks that do not seal to the authority stay byte for byte as they were.
     */
    private static void widenBodyFormats(Statement statement, Path file) throws SQLException {
        widen(statement, file, "body_format IN (0, 1))", "bodies sealed to the authority (formats 2 and 3)");
    }

    /**
     * Version 2 files made before the door records (kind 5; 4 and 6 are reserved for other issue-18 kinds) allow
     * kinds 1 to 3 only; the records table is copied, as in {@link #widenBodyFormats}, into one made with
     * {@link #CREATE_RECORDS}, inside the caller's transaction. Done only before the first record of a new kind is
     * written, so the files of kiosks that never write one stay as they were. Cheap when already done.
     */
    static void widenKinds(Statement statement, Path file) throws SQLException {
        widen(statement, file, "kind IN (1, 2, 3))", "door records (kind 5)");
    }

    /**
     * Copies the records table into one made with {@link #CREATE_RECORDS} when its definition still holds
     * {@code narrowCheck} (rows, hashes and marks unchanged); logs that the table now allows {@code what}.
     */
    private static void widen(Statement statement, Path file, String narrowCheck, String what) throws SQLException {
        String ddl;
        try (ResultSet result = statement.executeQuery(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'records'")) {
            ddl = result.next() ? result.getString(1) : "";
        }
        if (!ddl.contains(narrowCheck)) {
            return;
        }
        statement.execute(CREATE_RECORDS.replace("CREATE TABLE records", "CREATE TABLE records_widened"));
        statement.execute("INSERT INTO records_widened SELECT device_id, seq, kind, wall_time_ms, body_format, body,"
                + " prev_hash, hash, uploaded FROM records");
        statement.execute("DROP TABLE records");
        statement.execute("ALTER TABLE records_widened RENAME TO records");
        Logger.info("Entry log {}: records table now allows {}", file, what);
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
