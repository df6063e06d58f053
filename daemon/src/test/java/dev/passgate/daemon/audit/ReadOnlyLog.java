package dev.passgate.daemon.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Reads one device's records from an entry-log file without writing anything (no restart record, no checkpoint,
 * no change to the reservation mark), as a test looks at what a daemon left behind, even while it runs.
 */
public final class ReadOnlyLog {
    private ReadOnlyLog() {
    }

    /** Every record of {@code deviceId}, markers included, in sequence order; bodies must be in clear. */
    public static List<StoredRecord> records(Path file, String deviceId) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        try (Connection connection = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file,
                config.toProperties())) {
            LogStore store = new LogStore(connection, deviceId);
            BodyCodec codec = new BodyCodec(null);
            List<StoredRecord> records = new ArrayList<>();
            for (ChainRecord row : store.read(0, Integer.MAX_VALUE)) {
                records.add(new StoredRecord(deviceId, row.sequence(), codec.decode(row)));
            }
            return records;
        }
    }

    /** The scan entries among {@link #records}, with their sequences. */
    public static List<StoredEntry> entries(Path file, String deviceId) throws SQLException {
        List<StoredEntry> entries = new ArrayList<>();
        for (StoredRecord stored : records(file, deviceId)) {
            if (stored.record() instanceof EntryRecord entry) {
                entries.add(new StoredEntry(deviceId, stored.sequence(), entry));
            }
        }
        return entries;
    }
}
