package dev.passgate.daemon.audit;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Turns a {@link LogRecord} into the body stored in its row and back, format version 2. A body is one CBOR map
 * with text keys, encoded canonically (RFC 8949 core deterministic, as CTAP2 orders keys); the wall time lives in
 * the row header, not the body. Keys per kind, absent keys meaning "not kept":
 * <pre>
 * ENTRY    verdict text, format text, mono_ns int, clock_trusted bool,
 *          [issuer text], [cert_type text], [holder text (pseudonym)], [holder_identity text],
 *          [replay text (keyed digest of an admitted PG1 presentation's replay key, hex)],
 *          [staff text (BUTTON, CARD or NONE), staff_card text (pseudonym), staff_for_seq int, staff_for text]
 *          (the four staff keys together, only in the record of a staff wait's final outcome)
 *          [site_peer text (device id of the site kiosk whose earlier admission a REPLAYED refers to)]
 * GAP      reason text (GapReason), count int, first_ms int, last_ms int, from_seq int, to_seq int
 * RESTART  after_seq int, reason text, [set_aside text (file name)]
 * DOOR     event text (DoorEvent), mono_ns int, [grant_seq int (when above 0)], [open_ms int (when above 0)]
 * </pre>
 * With a {@link BodyCipher}, ENTRY bodies are sealed ({@link BodyFormat#AES_GCM_CBOR}); with an {@link AuthorityKey}
 * they are sealed to the authority ({@link BodyFormat#AUTHORITY_CBOR}), or to both; the log's own markers stay
 * readable so that a collector can count gaps without the key. A reader ignores keys it does not know, so fields
 * can be added without a new version; removing or retyping one needs a new version.
 */
final class BodyCodec {
    static final int MAX_BODY_BYTES = 4096;
    private static final CBOREncodeOptions CANONICAL = new CBOREncodeOptions("ctap2canonical=true");

    private final BodyCipher cipher;
    private final AuthorityKey authority;
    private final AuthorityPrivateKey authorityReader;

    BodyCodec(BodyCipher cipher) {
        this(cipher, null, null);
    }

    /**
     * A codec that seals ENTRY bodies with the data key ({@code cipher}), to the authority ({@code authority}), or
     * both, and opens them with the data key or {@code authorityReader}; any of the three may be null.
     */
    BodyCodec(BodyCipher cipher, AuthorityKey authority, AuthorityPrivateKey authorityReader) {
        this.cipher = cipher;
        this.authority = authority;
        this.authorityReader = authorityReader;
    }

    boolean sealsToAuthority() {
        return authority != null;
    }

    /** The body as stored, for the row ({@code deviceId}, {@code sequence}). */
    Encoded encode(String deviceId, long sequence, LogRecord record) {
        CBORObject map;
        if (record instanceof EntryRecord entry) {
            map = entry(entry);
        } else if (record instanceof GapRecord gap) {
            map = gap(gap);
        } else if (record instanceof DoorRecord door) {
            map = door(door);
        } else {
            map = restart((RestartRecord) record);
        }
        byte[] plain = map.EncodeToBytes(CANONICAL);
        if (cipher == null && authority == null || record.kind() != RecordKind.ENTRY) {
            return new Encoded(BodyFormat.CBOR, plain);
        }
        byte[] aad = ChainEncoding.bodyAad(deviceId, sequence, record.kind(), record.wallTime().toEpochMilli());
        if (authority == null) {
            return new Encoded(BodyFormat.AES_GCM_CBOR, cipher.seal(plain, aad));
        }
        byte[] forAuthority = authority.seal(plain, aad);
        if (cipher == null) {
            return new Encoded(BodyFormat.AUTHORITY_CBOR, forAuthority);
        }
        byte[] local = cipher.seal(plain, aad);
        byte[] both = new byte[2 + local.length + forAuthority.length];
        both[0] = (byte) (local.length >>> 8);
        both[1] = (byte) local.length;
        System.arraycopy(local, 0, both, 2, local.length);
        System.arraycopy(forAuthority, 0, both, 2 + local.length, forAuthority.length);
        return new Encoded(BodyFormat.AES_GCM_AND_AUTHORITY_CBOR, both);
    }

    /** The record a row holds; a body this codec cannot read is an {@link IllegalArgumentException}. */
    LogRecord decode(ChainRecord row) {
        byte[] plain = plainBody(row);
        CBORObject map;
        try {
            map = CBORObject.DecodeFromBytes(plain);
        } catch (CBORException | IllegalArgumentException e) {
            throw new IllegalArgumentException("body is not CBOR: " + e.getMessage(), e);
        }
        if (map.getType() != CBORType.Map) {
            throw new IllegalArgumentException("body is CBOR " + map.getType() + ", expected a map");
        }
        Instant at = Instant.ofEpochMilli(row.wallTimeMillis());
        return switch (row.kind()) {
            case ENTRY -> new EntryRecord(at, integer(map, "mono_ns"), text(map, "verdict"), text(map, "format"),
                    optionalText(map, "issuer"), optionalText(map, "cert_type"), optionalText(map, "holder"),
                    optionalText(map, "holder_identity"), bool(map, "clock_trusted"),
                    optionalText(map, "replay"), staff(map), optionalText(map, "site_peer"));
            case GAP -> new GapRecord(at, GapReason.valueOf(text(map, "reason")), integer(map, "count"),
                    Instant.ofEpochMilli(integer(map, "first_ms")), Instant.ofEpochMilli(integer(map, "last_ms")),
                    integer(map, "from_seq"), integer(map, "to_seq"));
            case RESTART -> new RestartRecord(at, integer(map, "after_seq"), optionalText(map, "set_aside"),
                    text(map, "reason"));
            case DOOR -> new DoorRecord(at, DoorEvent.valueOf(text(map, "event")), integer(map, "mono_ns"),
                    map.ContainsKey("grant_seq") ? integer(map, "grant_seq") : 0,
                    map.ContainsKey("open_ms") ? integer(map, "open_ms") : 0);
        };
    }

    private byte[] plainBody(ChainRecord row) {
        byte[] body = row.body();
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body has " + body.length + " bytes, expected at most "
                    + MAX_BODY_BYTES);
        }
        if (row.bodyFormat() == BodyFormat.CBOR) {
            return body;
        }
        byte[] aad = ChainEncoding.bodyAad(row.deviceId(), row.sequence(), row.kind(), row.wallTimeMillis());
        byte[] local = body;
        byte[] forAuthority = null;
        if (row.bodyFormat() == BodyFormat.AUTHORITY_CBOR) {
            local = null;
            forAuthority = body;
        } else if (row.bodyFormat() == BodyFormat.AES_GCM_AND_AUTHORITY_CBOR) {
            int length = body.length < 2 ? -1 : (body[0] & 0xFF) << 8 | body[1] & 0xFF;
            if (length < 0 || 2 + length > body.length) {
                throw new IllegalArgumentException("body of " + body.length + " bytes declares a data-key part of "
                        + length + " bytes, expected at most " + (body.length - 2));
            }
            local = Arrays.copyOfRange(body, 2, 2 + length);
            forAuthority = Arrays.copyOfRange(body, 2 + length, body.length);
        }
        if (authorityReader != null && forAuthority != null) {
            try {
                return authorityReader.open(forAuthority, aad);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (cipher == null || local == null) {
            throw new IllegalArgumentException(local == null
                    ? "body is sealed to the authority key only; no one else can read it"
                    : "body is encrypted and the log was opened without its data key");
        }
        try {
            return cipher.open(local, aad);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("body does not decrypt with this data key (wrong key, or the row"
                    + " was changed): " + e.getMessage(), e);
        }
    }

    private static CBORObject entry(EntryRecord entry) {
        CBORObject map = CBORObject.NewMap()
                .Add("verdict", entry.verdict())
                .Add("format", entry.format())
                .Add("mono_ns", entry.monotonicNanos())
                .Add("clock_trusted", entry.clockTrusted());
        putIfPresent(map, "issuer", entry.issuerKeyId());
        putIfPresent(map, "cert_type", entry.certificateType());
        putIfPresent(map, "holder", entry.holderId());
        putIfPresent(map, "holder_identity", entry.holderIdentity());
        putIfPresent(map, "replay", entry.replayDigest());
        StaffAction staff = entry.staff();
        if (staff != null) {
            map.Add("staff", staff.by()).Add("staff_for_seq", staff.forSequence()).Add("staff_for", staff.forVerdict());
            putIfPresent(map, "staff_card", staff.card());
        }
        putIfPresent(map, "site_peer", entry.sitePeer());
        return map;
    }

    /** The staff keys of an ENTRY body, or null for a body without them (every record but a staff outcome). */
    private static StaffAction staff(CBORObject map) {
        String by = optionalText(map, "staff");
        return by == null ? null : new StaffAction(by, optionalText(map, "staff_card"), integer(map, "staff_for_seq"),
                text(map, "staff_for"));
    }

    private static CBORObject gap(GapRecord gap) {
        return CBORObject.NewMap()
                .Add("reason", gap.reason().name())
                .Add("count", gap.count())
                .Add("first_ms", gap.firstLost().toEpochMilli())
                .Add("last_ms", gap.lastLost().toEpochMilli())
                .Add("from_seq", gap.fromSequence())
                .Add("to_seq", gap.toSequence());
    }

    private static CBORObject restart(RestartRecord restart) {
        CBORObject map = CBORObject.NewMap()
                .Add("after_seq", restart.afterSequence())
                .Add("reason", restart.reason());
        putIfPresent(map, "set_aside", restart.setAsideFile());
        return map;
    }

    private static CBORObject door(DoorRecord door) {
        CBORObject map = CBORObject.NewMap()
                .Add("event", door.event().name())
                .Add("mono_ns", door.monotonicNanos());
        if (door.grantSequence() > 0) {
            map.Add("grant_seq", door.grantSequence());
        }
        if (door.openMillis() > 0) {
            map.Add("open_ms", door.openMillis());
        }
        return map;
    }

    private static void putIfPresent(CBORObject map, String key, String value) {
        if (value != null) {
            map.Add(key, value);
        }
    }

    private static String text(CBORObject map, String key) {
        return optionalText(map, key) != null ? optionalText(map, key) : missing(key, "text");
    }

    private static String optionalText(CBORObject map, String key) {
        CBORObject value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value.getType() != CBORType.TextString) {
            throw new IllegalArgumentException("body key " + key + " is " + value.getType() + ", expected text");
        }
        return value.AsString();
    }

    private static long integer(CBORObject map, String key) {
        CBORObject value = Optional.ofNullable(map.get(key)).orElseThrow(() -> new IllegalArgumentException(
                "body has no key " + key + ", expected an integer"));
        if (value.getType() != CBORType.Integer || !value.CanValueFitInInt64()) {
            throw new IllegalArgumentException("body key " + key + " is " + value.getType()
                    + ", expected a 64-bit integer");
        }
        return value.AsInt64Value();
    }

    private static boolean bool(CBORObject map, String key) {
        CBORObject value = map.get(key);
        if (value == null || value.getType() != CBORType.Boolean) {
            throw new IllegalArgumentException("body key " + key + " is " + (value == null ? "missing"
                    : value.getType()) + ", expected a boolean");
        }
        return value.isTrue();
    }

    private static <T> T missing(String key, String expected) {
        throw new IllegalArgumentException("body has no key " + key + ", expected " + expected);
    }

    /** A body as stored and its format. */
    record Encoded(BodyFormat format, byte[] body) {
    }
}
