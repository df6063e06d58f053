package dev.passgate.daemon.upload;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.audit.BodyFormat;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.audit.RecordKind;
import dev.passgate.daemon.decode.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The collector protocol, version 1: a batch is UTF-8 JSON lines (LF after each line), gzip-compressed on the wire.
 * The first line is the header, then one line per record in sequence order, then one per checkpoint. Binary fields
 * are lowercase hex, except the body, which is base64 (RFC 4648, padded). {@code docs/collector-api.md} describes
 * it for collector authors and {@code docs/collector-api.schema.json} is its JSON schema; golden samples live in
 * the test resources under {@code upload/}.
 * <pre>
 * {"type":"batch","protocol":1,"device":"gate-1","public_key":"MCowBQYDK2VwAyEA...","records":2,"checkpoints":1}
 * {"type":"record","device":"gate-1","seq":1,"kind":1,"wall_time_ms":1772352000000,"body_format":0,
 *  "body":"pGZmb3JtYXRj...","prev_hash":"6aa5d8...","hash":"3722d2..."}          (one line on the wire)
 * {"type":"checkpoint","device":"gate-1","seq":2,"chain_hash":"...","wall_time_ms":1772352060000,
 *  "key_id":"0011223344556677","signature":"..."}
 * </pre>
 * {@code public_key} (base64 SubjectPublicKeyInfo DER of the Ed25519 checkpoint key) is left out when the device
 * has none. {@code signature} (hex, added in the header after the counts when the device has a key) is the
 * Ed25519 signature of that key over {@code "passgate/batch/1" || SHA-256(every byte after the header's LF)}.
 * {@code kind}, {@code body_format}, the hashes and the signed checkpoint message are those of
 * {@code docs/entry-log.md}. The answer, {@code application/json}:
 * <pre>
 * {"protocol":1,"stored":[{"device":"gate-1","from":1,"through":2}],"checkpoints":1,"duplicates":0,"conflicts":0}
 * </pre>
 * A reader ignores object keys it does not know; a new key may be added without a new version.
 */
public final class WireFormat {
    public static final int PROTOCOL = 1;
    public static final String CONTENT_TYPE = "application/x-ndjson";
    public static final String ANSWER_TYPE = "application/json";
    /** The longest line a reader accepts: a 4096-byte body is 5464 base64 characters. */
    public static final int MAX_LINE_CHARS = 16_384;
    /** The most a batch may inflate to. */
    public static final int MAX_BATCH_BYTES = 64 << 20;
    private static final int MAX_DEPTH = 4;
    private static final HexFormat HEX = HexFormat.of();

    private WireFormat() {
    }

    /** A batch read from the wire, or why the bytes are not one. */
    public record Parsed(UploadBatch batch, String problem, Optional<byte[]> signature, byte[] signedDigest) {
        /** A batch without a header signature, or a failure. */
        public Parsed(UploadBatch batch, String problem) {
            this(batch, problem, Optional.empty(), new byte[0]);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    /** The batch as JSON lines, uncompressed; signed in the header when the batch has a signer. */
    public static byte[] lines(UploadBatch batch) {
        StringBuilder out = new StringBuilder(256 + batch.records().size() * 400);
        for (ChainRecord record : batch.records()) {
            out.append("{\"type\":\"record\",\"device\":");
            string(out, record.deviceId());
            out.append(",\"seq\":").append(record.sequence()).append(",\"kind\":").append(record.kind().code())
                    .append(",\"wall_time_ms\":").append(record.wallTimeMillis()).append(",\"body_format\":")
                    .append(record.bodyFormat().code()).append(",\"body\":\"")
                    .append(Base64.getEncoder().encodeToString(record.body())).append("\",\"prev_hash\":\"")
                    .append(HEX.formatHex(record.prevHash())).append("\",\"hash\":\"")
                    .append(HEX.formatHex(record.hash())).append("\"}\n");
        }
        for (Checkpoint checkpoint : batch.checkpoints()) {
            out.append("{\"type\":\"checkpoint\",\"device\":");
            string(out, checkpoint.deviceId());
            out.append(",\"seq\":").append(checkpoint.sequence()).append(",\"chain_hash\":\"")
                    .append(HEX.formatHex(checkpoint.chainHash())).append("\",\"wall_time_ms\":")
                    .append(checkpoint.wallTimeMillis()).append(",\"key_id\":\"")
                    .append(HEX.formatHex(checkpoint.keyId())).append("\",\"signature\":\"")
                    .append(HEX.formatHex(checkpoint.signature())).append("\"}\n");
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder(256);
        header.append("{\"type\":\"batch\",\"protocol\":").append(PROTOCOL).append(",\"device\":");
        string(header, batch.deviceId());
        batch.publicKey().ifPresent(key -> header.append(",\"public_key\":\"")
                .append(Base64.getEncoder().encodeToString(key)).append('"'));
        header.append(",\"records\":").append(batch.records().size()).append(",\"checkpoints\":")
                .append(batch.checkpoints().size());
        batch.signer().ifPresent(key -> header.append(",\"signature\":\"")
                .append(HEX.formatHex(key.signBatch(sha256(body)))).append('"'));
        byte[] head = header.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** The SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        return sha256(bytes, 0, bytes.length);
    }

    private static byte[] sha256(byte[] bytes, int from, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, from, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** The batch as it goes on the wire: {@link #lines} gzip-compressed. */
    public static byte[] encode(UploadBatch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(lines(batch));
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Inflates a gzip body, refusing more than {@link #MAX_BATCH_BYTES}; empty when it is not gzip or too big. */
    public static Optional<byte[]> gunzip(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] lines = in.readNBytes(MAX_BATCH_BYTES + 1);
            return lines.length > MAX_BATCH_BYTES ? Optional.empty() : Optional.of(lines);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads a batch from its JSON lines; never throws for any input. */
    public static Parsed parse(byte[] lines) {
        String text;
        try {
            text = Json.strictUtf8(lines);
        } catch (CharacterCodingException e) {
            return failed("the batch is not UTF-8");
        }
        String[] rows = text.split("\n", -1);
        if (rows.length < 2 || !rows[rows.length - 1].isEmpty()) {
            return failed("expected JSON lines, each ended by LF, the first a header");
        }
        try {
            CBORObject header = line(rows[0], 1, "batch");
            String device = text(header, "device", 1);
            if (header.get("protocol") == null || !header.get("protocol").isNumber()
                    || header.get("protocol").AsNumber().ToInt64Checked() != PROTOCOL) {
                throw new Malformed(1, "protocol: expected " + PROTOCOL);
            }
            Optional<byte[]> key = header.get("public_key") == null ? Optional.empty()
                    : Optional.of(base64(header, "public_key", 1));
            List<ChainRecord> records = new ArrayList<>();
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (int i = 1; i < rows.length - 1; i++) {
                CBORObject row = line(rows[i], i + 1, null);
                String type = text(row, "type", i + 1);
                if (type.equals("record")) {
                    records.add(record(row, device, i + 1));
                } else if (type.equals("checkpoint")) {
                    checkpoints.add(checkpoint(row, device, i + 1));
                } else {
                    throw new Malformed(i + 1, "type: found \"" + type + "\", expected record or checkpoint");
                }
            }
            if (number(header, "records", 1) != records.size()
                    || number(header, "checkpoints", 1) != checkpoints.size()) {
                throw new Malformed(1, "the header counts " + number(header, "records", 1) + " records and "
                        + number(header, "checkpoints", 1) + " checkpoints, the batch holds " + records.size()
                        + " and " + checkpoints.size());
            }
            Optional<byte[]> signature = header.get("signature") == null ? Optional.empty()
                    : Optional.of(hex(header, "signature", Checkpoint.SIGNATURE_LENGTH, 1));
            int body = rows[0].getBytes(StandardCharsets.UTF_8).length + 1;
            return new Parsed(new UploadBatch(device, key, records, checkpoints), null, signature,
                    sha256(lines, body, lines.length - body));
        } catch (Malformed e) {
            return failed("line " + e.line + ": " + e.getMessage());
        } catch (IllegalArgumentException | ArithmeticException e) {
            return failed(e.getMessage());
        }
    }

    /** The answer as JSON. */
    public static byte[] answer(CollectorAnswer answer) {
        StringBuilder out = new StringBuilder("{\"protocol\":").append(PROTOCOL).append(",\"stored\":[");
        for (int i = 0; i < answer.stored().size(); i++) {
            SequenceRange range = answer.stored().get(i);
            out.append(i == 0 ? "" : ",").append("{\"device\":");
            string(out, range.deviceId());
            out.append(",\"from\":").append(range.from()).append(",\"through\":").append(range.through())
                    .append('}');
        }
        out.append("],\"checkpoints\":").append(answer.checkpoints()).append(",\"duplicates\":")
                .append(answer.duplicates()).append(",\"conflicts\":").append(answer.conflicts()).append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A refusal as JSON: {@code {"protocol":1,"error":"key_mismatch","detail":"..."}}; {@code error} is one of the
     * reasons in {@code docs/collector-api.md}, {@code detail} a sentence for the operator.
     */
    public static byte[] refusal(String error, String detail) {
        StringBuilder out = new StringBuilder("{\"protocol\":").append(PROTOCOL).append(",\"error\":");
        string(out, error);
        out.append(",\"detail\":");
        string(out, detail);
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a refusal's {@code error: detail}; empty when the bytes are not one. */
    public static Optional<String> parseRefusal(byte[] json, StringBuilder problem) {
        try {
            CBORObject root = line(Json.strictUtf8(json), 1, null);
            CBORObject detail = root.get("detail");
            return Optional.of(text(root, "error", 1) + (detail != null && detail.getType() == CBORType.TextString
                    ? ": " + detail.AsString() : ""));
        } catch (Malformed | IllegalArgumentException | CharacterCodingException e) {
            problem.append(e.getMessage());
            return Optional.empty();
        }
    }

    /** Reads an answer; empty with the reason when the bytes are not one. */
    public static Optional<CollectorAnswer> parseAnswer(byte[] json, StringBuilder problem) {
        try {
            CBORObject root = line(Json.strictUtf8(json), 1, null);
            if (number(root, "protocol", 1) != PROTOCOL) {
                throw new Malformed(1, "protocol: expected " + PROTOCOL);
            }
            CBORObject stored = root.get("stored");
            if (stored == null || stored.getType() != CBORType.Array) {
                throw new Malformed(1, "stored: expected an array");
            }
            List<SequenceRange> ranges = new ArrayList<>();
            for (CBORObject range : stored.getValues()) {
                ranges.add(new SequenceRange(text(range, "device", 1), number(range, "from", 1),
                        number(range, "through", 1)));
            }
            return Optional.of(new CollectorAnswer(ranges, (int) number(root, "checkpoints", 1),
                    number(root, "duplicates", 1), number(root, "conflicts", 1)));
        } catch (Malformed | IllegalArgumentException | ArithmeticException | CharacterCodingException e) {
            problem.append("the collector's answer is not protocol ").append(PROTOCOL).append(": ")
                    .append(e.getMessage());
            return Optional.empty();
        }
    }

    private static ChainRecord record(CBORObject row, String device, int line) throws Malformed {
        requireDevice(row, device, line);
        return new ChainRecord(device, positive(row, "seq", line), RecordKind.ofCode((int) number(row, "kind", line)),
                number(row, "wall_time_ms", line), BodyFormat.ofCode((int) number(row, "body_format", line)),
                base64(row, "body", line), hex(row, "prev_hash", 32, line), hex(row, "hash", 32, line), false);
    }

    private static Checkpoint checkpoint(CBORObject row, String device, int line) throws Malformed {
        requireDevice(row, device, line);
        return new Checkpoint(device, positive(row, "seq", line), hex(row, "chain_hash", 32, line),
                number(row, "wall_time_ms", line), hex(row, "key_id", Checkpoint.KEY_ID_LENGTH, line),
                hex(row, "signature", Checkpoint.SIGNATURE_LENGTH, line));
    }

    private static void requireDevice(CBORObject row, String device, int line) throws Malformed {
        if (!text(row, "device", line).equals(device)) {
            throw new Malformed(line, "device: found another device than the header's " + device);
        }
    }

    private static CBORObject line(String text, int line, String type) throws Malformed {
        Json.Decoded decoded = Json.decode(text, MAX_LINE_CHARS, MAX_DEPTH);
        if (!decoded.ok()) {
            throw new Malformed(line, decoded.failure());
        }
        if (decoded.value().getType() != CBORType.Map) {
            throw new Malformed(line, "expected a JSON object");
        }
        if (type != null && !text(decoded.value(), "type", line).equals(type)) {
            throw new Malformed(line, "type: expected " + type);
        }
        return decoded.value();
    }

    private static String text(CBORObject object, String key, int line) throws Malformed {
        CBORObject value = object.get(key);
        if (value == null || value.getType() != CBORType.TextString) {
            throw new Malformed(line, key + ": expected a string");
        }
        return value.AsString();
    }

    private static long number(CBORObject object, String key, int line) throws Malformed {
        CBORObject value = object.get(key);
        if (value == null || value.getType() != CBORType.Integer || !value.CanValueFitInInt64()) {
            throw new Malformed(line, key + ": expected an integer");
        }
        return value.AsInt64Value();
    }

    private static long positive(CBORObject object, String key, int line) throws Malformed {
        long value = number(object, key, line);
        if (value < 1) {
            throw new Malformed(line, key + ": found " + value + ", expected at least 1");
        }
        return value;
    }

    private static byte[] hex(CBORObject object, String key, int length, int line) throws Malformed {
        String text = text(object, key, line);
        if (text.length() != 2 * length || !text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new Malformed(line, key + ": expected " + 2 * length + " lowercase hex digits");
        }
        return HEX.parseHex(text);
    }

    private static byte[] base64(CBORObject object, String key, int line) throws Malformed {
        try {
            return Base64.getDecoder().decode(text(object, key, line));
        } catch (IllegalArgumentException e) {
            throw new Malformed(line, key + ": expected base64");
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static Parsed failed(String problem) {
        return new Parsed(null, problem);
    }

    /** A line that does not follow the protocol. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        Malformed(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }
}
