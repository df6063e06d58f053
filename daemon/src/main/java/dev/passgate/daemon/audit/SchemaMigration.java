package dev.passgate.daemon.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.tinylog.Logger;

/**
 * Moves a version 1 entry log (one {@code entries} table of plain columns, drawn in {@code docs/entry-log.md}) to
 * version 2, inside the caller's transaction: every version 1 row becomes an ENTRY record with the same device id,
 * sequence and fields, bodies are encrypted when the log has a data key, and each device's rows are chained from
 * its genesis value in sequence order. Then the old table is dropped and the version set to 2.
 *
 * <p>Version 1 rows were never hashed when they were written, so the chain over them vouches for them only from
 * the migration on; the first checkpoint after it signs them.
 */
final class SchemaMigration {
    private static final String READ_V1 = "SELECT device_id, seq, wall_time_ms, mono_nanos, verdict, format,"
            + " issuer_kid, holder_id, clock_trusted FROM entries ORDER BY device_id, seq";

    private SchemaMigration() {
    }

    static void fromVersion1(Connection connection, Path file, BodyCodec codec) throws SQLException,
            EntryLogException {
        int migrated = 0;
        int devices = 0;
        try (Statement statement = connection.createStatement()) {
            statement.execute(EntrySchema.CREATE_RECORDS);
            statement.execute(EntrySchema.CREATE_CHECKPOINTS);
            try (PreparedStatement insert = connection.prepareStatement(LogStore.INSERT_RECORD);
                 ResultSet rows = statement.executeQuery(READ_V1)) {
                String device = null;
                byte[] prev = null;
                while (rows.next()) {
                    String rowDevice = rows.getString(1);
                    if (!rowDevice.equals(device)) {
                        device = rowDevice;
                        prev = ChainEncoding.genesis(device);
                        devices++;
                    }
                    ChainRecord record = chained(rows, device, prev, codec, file);
                    LogStore.bind(insert, record);
                    insert.executeUpdate();
                    prev = record.hash();
                    migrated++;
                }
            }
            statement.execute("DROP TABLE entries");
            statement.execute("PRAGMA user_version = " + EntrySchema.VERSION);
        }
        Logger.info("Migrated entry log {} from schema version 1 to {}: {} records of {} device(s), chained from"
                + " genesis", file, EntrySchema.VERSION, migrated, devices);
    }

    private static ChainRecord chained(ResultSet row, String device, byte[] prev, BodyCodec codec, Path file)
            throws SQLException, EntryLogException {
        long sequence = row.getLong(2);
        EntryRecord record;
        try {
            record = new EntryRecord(Instant.ofEpochMilli(row.getLong(3)), row.getLong(4), row.getString(5),
                    row.getString(6), row.getString(7), row.getString(8), row.getInt(9) == 1);
        } catch (IllegalArgumentException e) {
            throw new EntryLogException(file, "version 1 row " + device + "/" + sequence + " breaks format version 1,"
                    + " so it cannot be migrated: " + e.getMessage());
        }
        BodyCodec.Encoded body = codec.encode(device, sequence, record);
        long wall = record.wallTime().toEpochMilli();
        byte[] hash = ChainEncoding.recordHash(device, sequence, RecordKind.ENTRY, wall, body.format(), body.body(),
                prev);
        return new ChainRecord(device, sequence, RecordKind.ENTRY, wall, body.format(), body.body(), prev, hash,
                false);
    }
}
