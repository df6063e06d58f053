package dev.passgate.daemon.collector;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.audit.AuthorityBodies;
import dev.passgate.daemon.audit.AuthorityPrivateKey;
import dev.passgate.daemon.audit.BodyFormat;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.DoorRecord;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.GapRecord;
import dev.passgate.daemon.audit.LogRecord;
import dev.passgate.daemon.audit.RecordKind;
import dev.passgate.daemon.audit.RestartRecord;
import java.io.IOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The health authority's read path: the records some devices logged between two instants, their ENTRY bodies opened
 * with the authority's private key, written as CSV or JSON Lines, each row saying whether the chain vouches for it.
 *
 * <p>Before a row is written, every device in the selection is verified as {@code collector --report} does
 * ({@link DeviceAudit}: hashes, links, checkpoint signatures under the pinned key, conflicts). A device whose chain
 * does not verify refuses the whole export, unless {@code allowUnverified}, and then each of its rows carries the
 * problem's name in {@code chain}. Rows of a verified chain say {@code verified} when a signed checkpoint at or after
 * them, before the next RESTART record, vouches for them, else {@code unsigned_tail}. The range is half-open,
 * {@code from <= wall_time < to}, on the kiosk's wall time.
 *
 * <p>Columns, in this order, also the JSON keys (absent values are empty in CSV and null in JSON):
 * {@code device, seq, time, kind, chain, sealing, readable, verdict, format, issuer, cert_type, holder,
 * holder_identity, clock_trusted, note}. Without a key no ENTRY body is read at all (times and counts only). CSV is
 * RFC 4180 with CRLF; a cell that starts with {@code = + - @}, tab or CR gets a leading {@code '} so that a
 * spreadsheet does not run a crafted pass's text as a formula (JSON Lines carry the values unchanged).
 */
public final class AuthorityExport {
    static final List<String> COLUMNS = List.of("device", "seq", "time", "kind", "chain", "sealing", "readable",
            "verdict", "format", "issuer", "cert_type", "holder", "holder_identity", "clock_trusted", "note");
    private static final int PAGE = 1000;

    /** The output format. */
    public enum Format { CSV, JSONL }

    /** What to export. */
    public record Request(List<String> devices, Instant from, Instant to, Format format,
                          Optional<AuthorityPrivateKey> key, boolean allowUnverified) {
        public Request {
            devices = List.copyOf(devices);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(key, "key");
        }
    }

    /** What an export came to; {@code refused} means no row was written. */
    public record Result(boolean refused, String detail, long rows, long entries, long unreadable, long flagged) {
        /** Exported, every row verified and every ENTRY body read. */
        public boolean clean() {
            return !refused && unreadable == 0 && flagged == 0;
        }
    }

    private final ExportLedger ledger;
    private final Request request;
    private final Writer out;
    private long rows;
    private long entries;
    private long unreadable;
    private long flagged;
    private final List<String> notes = new ArrayList<>();

    private AuthorityExport(ExportLedger ledger, Request request, Writer out) {
        this.ledger = ledger;
        this.request = request;
        this.out = out;
    }

    /** Verifies the selection's chains and writes the rows to {@code out}. */
    public static Result run(ExportLedger ledger, Request request, Writer out) throws IOException {
        return new AuthorityExport(ledger, request, out).run();
    }

    private Result run() throws IOException {
        try {
            Map<String, DeviceReport> reports = new LinkedHashMap<>();
            for (String device : request.devices()) {
                DeviceReport report = new DeviceAudit(ledger.connection(), device).report();
                if (!verified(report)) {
                    String problem = "device " + device + ": chain " + report.chain()
                            + (report.problemSequence() > 0 ? " at seq " + report.problemSequence() : "")
                            + (report.detail().isEmpty() ? "" : " (" + report.detail() + ")")
                            + (report.conflicts() > 0 ? ", " + report.conflicts() + " conflicts" : "");
                    if (!request.allowUnverified()) {
                        return new Result(true, problem, 0, 0, 0, 0);
                    }
                    notes.add(problem);
                }
                reports.put(device, report);
            }
            if (request.format() == Format.CSV) {
                out.write(String.join(",", COLUMNS) + "\r\n");
            }
            for (DeviceReport report : reports.values()) {
                exportDevice(report);
            }
            out.flush();
            String detail = notes.isEmpty() ? "" : String.join("; ", notes);
            return new Result(false, detail, rows, entries, unreadable, flagged);
        } catch (SQLException e) {
            throw new IOException("cannot read " + ledger.file() + ": " + e.getMessage(), e);
        }
    }

    private static boolean verified(DeviceReport report) {
        return report.chain().equals(DeviceReport.INTACT) && report.conflicts() == 0;
    }

    private void exportDevice(DeviceReport report) throws SQLException, IOException {
        long after = 0;
        for (List<ChainRecord> page = page(report.deviceId(), after); !page.isEmpty();
             page = page(report.deviceId(), after)) {
            for (ChainRecord row : page) {
                String chain = !verified(report) ? report.chain()
                        : signedInItsSegment(row) ? "verified" : "unsigned_tail";
                if (!chain.equals("verified")) {
                    flagged++;
                }
                write(row, chain);
            }
            after = page.get(page.size() - 1).sequence();
        }
    }

    /**
     * Whether a checkpoint at or after the row vouches for it: one before the next RESTART record, since a restart
     * starts a new chain (the device's {@code last_signed} would wrongly cover an earlier segment's tail).
     */
    private boolean signedInItsSegment(ChainRecord row) throws SQLException {
        try (PreparedStatement read = ledger.connection().prepareStatement("SELECT (SELECT MIN(seq) FROM checkpoints"
                + " WHERE device_id = ?1 AND seq >= ?2), (SELECT MIN(seq) FROM records WHERE device_id = ?1"
                + " AND kind = ?3 AND seq > ?2)")) {
            read.setString(1, row.deviceId());
            read.setLong(2, row.sequence());
            read.setInt(3, RecordKind.RESTART.code());
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                long checkpoint = rs.getLong(1);
                boolean signed = !rs.wasNull();
                long restart = rs.getLong(2);
                return signed && (rs.wasNull() || checkpoint < restart);
            }
        }
    }

    private List<ChainRecord> page(String device, long after) throws SQLException {
        try (PreparedStatement read = ledger.connection().prepareStatement("SELECT seq, kind, wall_time_ms,"
                + " body_format, body, prev_hash, hash FROM records WHERE device_id = ? AND seq > ?"
                + " AND wall_time_ms >= ? AND wall_time_ms < ? ORDER BY seq LIMIT ?")) {
            read.setString(1, device);
            read.setLong(2, after);
            read.setLong(3, request.from().toEpochMilli());
            read.setLong(4, request.to().toEpochMilli());
            read.setInt(5, PAGE);
            List<ChainRecord> records = new ArrayList<>();
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    records.add(new ChainRecord(device, rs.getLong(1), RecordKind.ofCode(rs.getInt(2)),
                            rs.getLong(3), BodyFormat.ofCode(rs.getInt(4)), rs.getBytes(5), rs.getBytes(6),
                            rs.getBytes(7), true));
                }
            }
            return records;
        }
    }

    private void write(ChainRecord row, String chain) throws IOException {
        rows++;
        Map<String, Object> cells = new LinkedHashMap<>();
        cells.put("device", row.deviceId());
        cells.put("seq", row.sequence());
        cells.put("time", Instant.ofEpochMilli(row.wallTimeMillis()).toString());
        cells.put("kind", row.kind().name());
        cells.put("chain", chain);
        cells.put("sealing", AuthorityBodies.sealing(row).name().toLowerCase(java.util.Locale.ROOT));
        boolean isEntry = row.kind() == RecordKind.ENTRY;
        if (isEntry) {
            entries++;
        }
        if (isEntry && request.key().isEmpty()) {
            cells.put("readable", false);
            cells.put("note", "no authority key given");
        } else {
            read(row, cells);
        }
        emit(cells);
    }

    private void read(ChainRecord row, Map<String, Object> cells) {
        LogRecord record;
        try {
            record = AuthorityBodies.read(row, request.key());
        } catch (IllegalArgumentException e) {
            unreadable++;
            cells.put("readable", false);
            cells.put("note", e.getMessage());
            return;
        }
        cells.put("readable", true);
        if (record instanceof EntryRecord entry) {
            cells.put("verdict", entry.verdict());
            cells.put("format", entry.format());
            cells.put("issuer", entry.issuerKeyId());
            cells.put("cert_type", entry.certificateType());
            cells.put("holder", entry.holderId());
            cells.put("holder_identity", entry.holderIdentity());
            cells.put("clock_trusted", entry.clockTrusted());
        } else if (record instanceof GapRecord gap) {
            cells.put("note", gap.count() + " decisions or records missing (" + gap.reason() + ", seq "
                    + gap.fromSequence() + ".." + gap.toSequence() + ", " + gap.firstLost() + ".." + gap.lastLost()
                    + ")");
        } else if (record instanceof RestartRecord restart) {
            cells.put("note", "chain restarts after seq " + restart.afterSequence() + " (" + restart.reason() + ")");
        } else if (record instanceof DoorRecord door) {
            cells.put("note", "door " + door.event()
                    + (door.grantSequence() > 0 ? ", grant seq " + door.grantSequence() : "")
                    + (door.openMillis() > 0 ? ", open " + door.openMillis() + " ms" : ""));
        }
    }

    private void emit(Map<String, Object> cells) throws IOException {
        if (request.format() == Format.JSONL) {
            CBORObject json = CBORObject.NewOrderedMap();
            for (String column : COLUMNS) {
                Object value = cells.get(column);
                json.Add(column, value == null ? CBORObject.Null : CBORObject.FromObject(value));
            }
            out.write(json.ToJSONString() + "\n");
            return;
        }
        StringBuilder line = new StringBuilder(256);
        for (String column : COLUMNS) {
            if (line.length() > 0) {
                line.append(',');
            }
            Object value = cells.get(column);
            line.append(value == null ? "" : csv(String.valueOf(value)));
        }
        out.write(line.append("\r\n").toString());
    }

    static String csv(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
