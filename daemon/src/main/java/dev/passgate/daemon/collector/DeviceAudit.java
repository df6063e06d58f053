package dev.passgate.daemon.collector;

import dev.passgate.daemon.audit.BodyFormat;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.ChainVerifier;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.RecordKind;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one device's {@link DeviceReport} from the collector's store: counts, holes, and the chain verified with
 * {@link ChainVerifier} segment by segment, a segment running from one RESTART record (or the first record) to the
 * record before the next RESTART, with the checkpoints that fall inside it. Reads a page at a time.
 */
final class DeviceAudit {
    private final Connection connection;
    private final String device;

    DeviceAudit(Connection connection, String device) {
        this.connection = connection;
        this.device = device;
    }

    DeviceReport report() throws SQLException {
        byte[] key;
        long received;
        long duplicates;
        long conflicts;
        String enrolled;
        try (PreparedStatement read = connection.prepareStatement("SELECT public_key, received, duplicates, conflicts,"
                + " IFNULL(enrolled, '') FROM devices WHERE device_id = ?")) {
            read.setString(1, device);
            try (ResultSet row = read.executeQuery()) {
                row.next();
                key = row.getBytes(1);
                received = row.getLong(2);
                duplicates = row.getLong(3);
                conflicts = row.getLong(4);
                enrolled = row.getString(5);
            }
        }
        long[] span = longs("SELECT COUNT(*), IFNULL(MIN(seq), 0), IFNULL(MAX(seq), 0) FROM records"
                + " WHERE device_id = ?", 3);
        long checkpoints = longs("SELECT COUNT(*) FROM checkpoints WHERE device_id = ?", 1)[0];
        List<Long> restarts = restarts();
        Verdict verdict = key == null ? new Verdict(DeviceReport.NO_KEY, 0, "", 0, 0, 0) : verify(key, restarts, span);
        long unsignedTail = longs("SELECT COUNT(*) FROM records WHERE device_id = ? AND seq > "
                + verdict.lastSigned, 1)[0];
        return new DeviceReport(device, span[0], span[1], span[2], holes(), restarts.size(), verdict.chain,
                verdict.sequence, verdict.detail, checkpoints, verdict.lastSigned, verdict.lost, verdict.purged,
                received, duplicates, conflicts, unsignedTail, enrolled);
    }

    private record Verdict(String chain, long sequence, String detail, long lastSigned, long lost, long purged) {
    }

    private Verdict verify(byte[] keyBytes, List<Long> restarts, long[] span) throws SQLException {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(keyBytes));
        } catch (GeneralSecurityException e) {
            return new Verdict("BAD_KEY", 0, "the pinned key is not an Ed25519 key", 0, 0, 0);
        }
        if (span[0] == 0) {
            return new Verdict(DeviceReport.INTACT, 0, "", 0, 0, 0);
        }
        List<Long> starts = new ArrayList<>();
        starts.add(span[1]);
        restarts.stream().filter(r -> r > span[1]).forEach(starts::add);
        long lastSigned = 0;
        long lost = 0;
        long purged = 0;
        for (int i = 0; i < starts.size(); i++) {
            long start = starts.get(i);
            long end = i + 1 < starts.size() ? starts.get(i + 1) - 1 : Long.MAX_VALUE;
            ChainReport result;
            try {
                result = ChainVerifier.verify(device, key, (after, limit) -> page(Math.max(after, start - 1), end,
                        limit), checkpoints(start - 1, end));
            } catch (EntryLogException e) {
                throw new SQLException(e.getMessage(), e);
            }
            if (result instanceof ChainReport.Broken broken) {
                return new Verdict(broken.problem().name(), broken.sequence(), broken.detail(), lastSigned, lost,
                        purged);
            }
            ChainReport.Intact intact = (ChainReport.Intact) result;
            lastSigned = Math.max(lastSigned, intact.lastSignedSequence());
            lost += intact.lostDecisions();
            purged += intact.purgedNotUploaded();
        }
        return new Verdict(DeviceReport.INTACT, 0, "", lastSigned, lost, purged);
    }

    private List<ChainRecord> page(long after, long end, int limit) {
        try (PreparedStatement read = connection.prepareStatement("SELECT seq, kind, wall_time_ms, body_format, body,"
                + " prev_hash, hash FROM records WHERE device_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            read.setString(1, device);
            read.setLong(2, after);
            read.setLong(3, end);
            read.setInt(4, limit);
            List<ChainRecord> records = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    records.add(new ChainRecord(device, rows.getLong(1), RecordKind.ofCode(rows.getInt(2)),
                            rows.getLong(3), BodyFormat.ofCode(rows.getInt(4)), rows.getBytes(5), rows.getBytes(6),
                            rows.getBytes(7), true));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read records of " + device + ": " + e.getMessage(), e);
        }
    }

    private List<Checkpoint> checkpoints(long from, long through) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT seq, chain_hash, wall_time_ms, key_id,"
                + " signature FROM checkpoints WHERE device_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
            read.setString(1, device);
            read.setLong(2, from);
            read.setLong(3, through);
            List<Checkpoint> found = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    found.add(new Checkpoint(device, rows.getLong(1), rows.getBytes(2), rows.getLong(3),
                            rows.getBytes(4), rows.getBytes(5)));
                }
            }
            return found;
        }
    }

    private List<DeviceReport.Hole> holes() throws SQLException {
        List<DeviceReport.Hole> holes = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement("SELECT seq + 1, next - 1, next_kind FROM (SELECT"
                + " seq, kind, LEAD(seq) OVER (ORDER BY seq) AS next, LEAD(kind) OVER (ORDER BY seq) AS next_kind"
                + " FROM records WHERE device_id = ?) WHERE next > seq + 1 ORDER BY seq")) {
            read.setString(1, device);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    holes.add(new DeviceReport.Hole(rows.getLong(1), rows.getLong(2),
                            rows.getInt(3) == RecordKind.RESTART.code()));
                }
            }
        }
        return holes;
    }

    private List<Long> restarts() throws SQLException {
        List<Long> restarts = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT seq FROM records WHERE device_id = ? AND kind = ? ORDER BY seq")) {
            read.setString(1, device);
            read.setInt(2, RecordKind.RESTART.code());
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    restarts.add(rows.getLong(1));
                }
            }
        }
        return restarts;
    }

    private long[] longs(String sql, int columns) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(sql)) {
            read.setString(1, device);
            try (ResultSet row = read.executeQuery()) {
                row.next();
                long[] values = new long[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = row.getLong(i + 1);
                }
                return values;
            }
        }
    }
}
