package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tinylog.Logger;

/**
 * Opens the SQLite file of an entry log: connection settings (WAL, {@code synchronous=FULL}, busy timeout), a
 * structural check ({@code PRAGMA quick_check}) and the schema ({@link EntrySchema}). A file SQLite finds corrupt
 * (not a database, a malformed image, or a failed quick check) is moved aside, kept, and a new file started in its
 * place; the caller learns of it as a {@link SetAside}. The move renames the file to
 * {@code <name>.corrupt-<UTC yyyyMMdd'T'HHmmss'Z'>} in the same folder (with {@code -2}, {@code -3}, ... if taken),
 * its {@code -wal} and {@code -shm} files alongside, and fsyncs the folder.
 *
 * <p>Not set aside: a sound SQLite file that is not an entry log, or one written by a newer version; those are
 * refused, since moving them would hide a misconfiguration. Damage that SQLite's checks cannot see (a changed byte
 * inside a record) is the chain's to find ({@link ChainVerifier}), not this class's.
 */
final class LogOpener {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The size of one block of SQLite's wal-index; a shorter {@code -shm} file is a failed start. */
    private static final long WAL_INDEX_BLOCK = 32_768;

    private LogOpener() {
    }

    /** An open, checked connection, and the file set aside to get it, if one was. */
    record Opened(Connection connection, Optional<SetAside> setAside) {
    }

    static Opened open(Path file, BodyCodec codec, CommitPoint seam, Clock clock) throws EntryLogException {
        try {
            return new Opened(attempt(file, codec, seam, false), Optional.empty());
        } catch (EntryLogException e) {
            if (!isStorageFault(e.getCause())) {
                throw e;
            }
            return exclusively(file, codec, seam, e);
        } catch (Corrupt corrupt) {
            SetAside aside = moveAside(file, corrupt.getMessage(), clock.instant());
            Logger.error("Entry log {} is corrupt ({}); moved it aside to {} and started a new log", file,
                    aside.reason(), aside.movedTo());
            try {
                return new Opened(attempt(file, codec, seam, false), Optional.of(aside));
            } catch (Corrupt again) {
                throw new EntryLogException(file, "a new file is corrupt too, right after the old one was set aside"
                        + " to " + aside.movedTo() + ": " + again.getMessage());
            }
        }
    }

    /**
     * The fallback when the shared wal-index ({@code -shm}) cannot be made, as on a full disk: the connection takes
     * {@code locking_mode=EXCLUSIVE} before WAL, so SQLite keeps the index in memory and needs no new file. The log
     * then reads and decides as usual, its writes fail until there is room (and are counted), and no other process
     * can read the file until the daemon restarts. A {@code -shm} shorter than one index block, left by the failed
     * attempt, is removed first.
     */
    private static Opened exclusively(Path file, BodyCodec codec, CommitPoint seam, EntryLogException first)
            throws EntryLogException {
        Logger.error("Entry log {} cannot be opened as usual ({}); the disk may be full: opening it in exclusive"
                + " mode, with the WAL index in memory", file, first.getMessage());
        Path shm = file.resolveSibling(file.getFileName() + "-shm");
        try {
            if (Files.exists(shm) && Files.size(shm) < WAL_INDEX_BLOCK) {
                Files.delete(shm);
            }
            return new Opened(attempt(file, codec, seam, true), Optional.empty());
        } catch (IOException | Corrupt e) {
            first.addSuppressed(e);
            throw first;
        }
    }

    /** An empty log of the current schema in memory, for a log whose file cannot be made ({@link EntryLog#diskless}).
     */
    static Opened inMemory(Path file, BodyCodec codec) throws EntryLogException {
        try {
            Connection connection = org.sqlite.JDBC.createConnection("jdbc:sqlite::memory:", new Properties());
            try {
                EntrySchema.prepare(connection, file, codec);
                return new Opened(connection, Optional.empty());
            } catch (SQLException | EntryLogException | RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot make an entry log in memory", e);
        }
    }

    static boolean isStorageFault(Throwable e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return false;
        }
        int primary = sqlite.getResultCode().code & 0xFF;
        return primary == SQLiteErrorCode.SQLITE_IOERR.code || primary == SQLiteErrorCode.SQLITE_FULL.code
                || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code;
    }

    private static Connection attempt(Path file, BodyCodec codec, CommitPoint seam, boolean exclusive)
            throws Corrupt, EntryLogException {
        Connection connection = connect(file);
        try {
            if (exclusive) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA locking_mode = EXCLUSIVE");
                }
            }
            configure(connection, file);
            seam.opened(connection);
            quickCheck(connection);
            EntrySchema.prepare(connection, file, codec);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            if (isCorruption(e)) {
                throw new Corrupt(e.getMessage());
            }
            throw new EntryLogException(file, "cannot open", e);
        } catch (Corrupt | EntryLogException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static Connection connect(Path file) throws EntryLogException {
        try {
            return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, new Properties());
        } catch (SQLException e) {
            throw new EntryLogException(file, "cannot open", e);
        }
    }

    private static void configure(Connection connection, Path file) throws SQLException, EntryLogException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + EntryLog.BUSY_TIMEOUT_MS);
            String mode;
            try (ResultSet result = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                result.next();
                mode = result.getString(1);
            }
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new EntryLogException(file, "journal_mode is " + mode + " after asking for WAL; expected wal");
            }
            statement.execute("PRAGMA synchronous = FULL");
            statement.execute("PRAGMA cache_size = -" + EntryLog.CACHE_KIB);
            int synchronous = EntrySchema.intQuery(statement, "PRAGMA synchronous");
            if (synchronous != 2) {
                throw new EntryLogException(file, "synchronous is " + synchronous + " after asking for FULL;"
                        + " expected 2 (FULL)");
            }
        }
    }

    private static void quickCheck(Connection connection) throws SQLException, Corrupt {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA quick_check(5)")) {
            String first = result.next() ? result.getString(1) : "no answer";
            if (!"ok".equals(first)) {
                throw new Corrupt("quick_check: " + first);
            }
        }
    }

    static boolean isCorruption(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return false;
        }
        int primary = sqlite.getResultCode().code & 0xFF;
        return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
    }

    private static SetAside moveAside(Path file, String reason, Instant at) throws EntryLogException {
        Path target = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(at));
        for (int n = 2; Files.exists(target); n++) {
            target = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(at) + "-" + n);
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion)) {
                    Files.move(companion, target.resolveSibling(target.getFileName() + suffix),
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new EntryLogException(file, "is corrupt (" + reason + ") and cannot be moved aside to " + target, e);
        }
        SecretFiles.syncFolder(file.getParent());
        return new SetAside(file, target, reason, at);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            Logger.debug("Closing a connection that failed to open: {}", e.getMessage());
        }
    }

    /** SQLite found the file corrupt; the message says how. */
    private static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message);
        }
    }
}
