package dev.passgate.daemon.collector;

import com.upokecenter.cbor.CBORObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The authority's side of the collector file: which site each device belongs to, and the append-only audit of every
 * export ({@code collector export}), refused ones included. It opens the file the collector writes
 * ({@link CollectorStore}, application id "PGCC") with a connection of its own, adds its two tables if they are
 * missing, and never writes the collector's tables.
 *
 * <p>Tables, version 1 (in the collector's file; the file's {@code user_version} is the collector's):
 * <pre>
 * device_sites (device_id TEXT PRIMARY KEY, site_id TEXT NOT NULL, assigned_ms INTEGER NOT NULL) WITHOUT ROWID
 * export_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER, by TEXT (--by, else the OS user),
 *               os_user TEXT, scope TEXT 'device'|'site', target TEXT, from_ms INTEGER, to_ms INTEGER,
 *               format TEXT, key_id TEXT ('' without a key), outcome TEXT 'exported'|'refused',
 *               rows INTEGER, entries INTEGER, unreadable INTEGER, flagged INTEGER, detail TEXT)
 *              with triggers that abort every UPDATE and DELETE
 * </pre>
 * Not guaranteed: the triggers stop this program and casual SQL, not someone who can write the file and drop
 * them; a copy of the audit kept elsewhere (the export's own summary line) is the defence against that.
 */
public final class ExportLedger implements AutoCloseable {
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS device_sites (device_id TEXT PRIMARY KEY, site_id TEXT NOT NULL,"
            + " assigned_ms INTEGER NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS export_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL,"
            + " by TEXT NOT NULL, os_user TEXT NOT NULL, scope TEXT NOT NULL CHECK (scope IN ('device', 'site')),"
            + " target TEXT NOT NULL, from_ms INTEGER NOT NULL, to_ms INTEGER NOT NULL, format TEXT NOT NULL,"
            + " key_id TEXT NOT NULL, outcome TEXT NOT NULL CHECK (outcome IN ('exported', 'refused')),"
            + " rows INTEGER NOT NULL, entries INTEGER NOT NULL, unreadable INTEGER NOT NULL,"
            + " flagged INTEGER NOT NULL, detail TEXT NOT NULL)",
        "CREATE TRIGGER IF NOT EXISTS export_audit_no_update BEFORE UPDATE ON export_audit"
            + " BEGIN SELECT RAISE(ABORT, 'export_audit is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS export_audit_no_delete BEFORE DELETE ON export_audit"
            + " BEGIN SELECT RAISE(ABORT, 'export_audit is append-only'); END",
    };

    private final Path file;
    private final Connection connection;

    /** One export, as recorded. */
    public record Entry(long id, Instant at, String by, String osUser, String scope, String target, Instant from,
                        Instant to, String format, String keyId, String outcome, long rows, long entries,
                        long unreadable, long flagged, String detail) {

        /** The entry as one JSON object, keys in a fixed order. */
        public CBORObject toJson() {
            return CBORObject.NewOrderedMap().Add("id", id).Add("at", at.toString()).Add("by", by)
                    .Add("os_user", osUser).Add("scope", scope).Add("target", target).Add("from", from.toString())
                    .Add("to", to.toString()).Add("format", format).Add("key_id", keyId).Add("outcome", outcome)
                    .Add("rows", rows).Add("entries", entries).Add("unreadable", unreadable).Add("flagged", flagged)
                    .Add("detail", detail);
        }
    }

    private ExportLedger(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens an existing collector file; a missing file or one of another application is an IOException. */
    public static ExportLedger open(Path file) throws IOException {
        Path path = file.toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IOException("no collector store at " + path);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5_000);
        try {
            Connection connection = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + path, config.toProperties());
            try (Statement statement = connection.createStatement()) {
                int application = CollectorStore.intQuery(statement, "PRAGMA application_id");
                if (application != CollectorStore.APPLICATION_ID) {
                    connection.close();
                    throw new IOException(path + " is not a collector store: application id " + application
                            + ", expected " + CollectorStore.APPLICATION_ID);
                }
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
            return new ExportLedger(path, connection);
        } catch (SQLException e) {
            throw new IOException("cannot open the collector store " + path + ": " + e.getMessage(), e);
        }
    }

    Connection connection() {
        return connection;
    }

    public Path file() {
        return file;
    }

    /** Puts {@code device} in {@code site}, replacing an earlier assignment. */
    public void assignSite(String device, String site, long nowMillis) throws IOException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO device_sites (device_id, site_id,"
                + " assigned_ms) VALUES (?,?,?) ON CONFLICT(device_id) DO UPDATE SET site_id = excluded.site_id,"
                + " assigned_ms = excluded.assigned_ms")) {
            upsert.setString(1, device);
            upsert.setString(2, site);
            upsert.setLong(3, nowMillis);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot assign " + device + " to site " + site + ": " + e.getMessage(), e);
        }
    }

    /** The devices of {@code site}, by id. */
    public List<String> devicesOf(String site) throws IOException {
        return strings("SELECT device_id FROM device_sites WHERE site_id = ? ORDER BY device_id", site);
    }

    /** {@code device} when the collector has heard of it. */
    public Optional<String> knownDevice(String device) throws IOException {
        return strings("SELECT device_id FROM devices WHERE device_id = ?", device).stream().findFirst();
    }

    /** Appends one audit entry in its own committed transaction; returns its id. */
    public long record(Entry entry) throws IOException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO export_audit (at_ms, by, os_user,"
                + " scope, target, from_ms, to_ms, format, key_id, outcome, rows, entries, unreadable, flagged,"
                + " detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, entry.at().toEpochMilli());
            insert.setString(2, entry.by());
            insert.setString(3, entry.osUser());
            insert.setString(4, entry.scope());
            insert.setString(5, entry.target());
            insert.setLong(6, entry.from().toEpochMilli());
            insert.setLong(7, entry.to().toEpochMilli());
            insert.setString(8, entry.format());
            insert.setString(9, entry.keyId());
            insert.setString(10, entry.outcome());
            insert.setLong(11, entry.rows());
            insert.setLong(12, entry.entries());
            insert.setLong(13, entry.unreadable());
            insert.setLong(14, entry.flagged());
            insert.setString(15, entry.detail());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IOException("cannot record the export in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every audit entry, oldest first. */
    public List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, at_ms, by, os_user, scope, target, from_ms, to_ms,"
                     + " format, key_id, outcome, rows, entries, unreadable, flagged, detail FROM export_audit"
                     + " ORDER BY id")) {
            while (rows.next()) {
                entries.add(new Entry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6),
                        Instant.ofEpochMilli(rows.getLong(7)), Instant.ofEpochMilli(rows.getLong(8)),
                        rows.getString(9), rows.getString(10), rows.getString(11), rows.getLong(12),
                        rows.getLong(13), rows.getLong(14), rows.getLong(15), rows.getString(16)));
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the export audit in " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    private List<String> strings(String sql, String parameter) throws IOException {
        try (PreparedStatement read = connection.prepareStatement(sql)) {
            read.setString(1, parameter);
            List<String> found = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
