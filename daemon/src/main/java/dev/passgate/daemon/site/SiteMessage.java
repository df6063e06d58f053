package dev.passgate.daemon.site;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.audit.DeviceKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The site window's datagram, format version 2: one admission, signed by the sending kiosk's entry-log key and
 * sealed with a MAC under a key every kiosk of the site derives from the shared site secret.
 *
 * <pre>
 *   datagram  = "PGS2"                      4 bytes, ASCII: format and version
 *               payload length              2 bytes, big-endian, 1..{@value #MAX_PAYLOAD}
 *               payload                     canonical CBOR map, text keys:
 *                   "from"    text          sender's device.id (1..64 of A-Z a-z 0-9 . _ -)
 *                   "site"    text          the site secret's tag: 16 lowercase hex (see SiteLink)
 *                   "seq"     uint          sender's message number, rising (epoch microseconds or later)
 *                   "sent_ms" uint          sender's wall time at sending, epoch milliseconds
 *                   "at_ms"   uint          the admission's wall time, epoch milliseconds, at most sent_ms
 *                   ["holder" text]         site pseudonym of the holder, lowercase hex, 1..64
 *                   ["replay" text]         keyed replay digest of a PG1 presentation, lowercase hex, 1..64
 *               signature                   64 bytes: Ed25519 over "passgate/site/2" || payload
 *               mac                         16 bytes: HMAC-SHA-256 under the site MAC key over every byte before
 *                                           it ("PGS2" up to the signature's end), its first 16 bytes
 * </pre>
 *
 * At most {@value #MAX_DATAGRAM} bytes in all. The MAC ({@link #authentic}) is checked first and costs one
 * HMAC: a datagram from outside the site fails it before any parsing or signature work. Version 1 ({@code "PGS1"},
 * no MAC, a sample in test resources {@code site/message-v1.bin}) is recognised by {@link #version} and refused:
 * reading it would let anyone on the LAN spend a peer's rate budget again. Decoding never throws for any input.
 */
public final class SiteMessage {
    public static final int MAX_PAYLOAD = 400;
    public static final int SIGNATURE_BYTES = 64;
    public static final int MAC_BYTES = 16;
    public static final int MAX_DATAGRAM = 6 + MAX_PAYLOAD + SIGNATURE_BYTES + MAC_BYTES;
    private static final byte[] MAGIC_V1 = "PGS1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC = "PGS2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOMAIN = "passgate/site/2".getBytes(StandardCharsets.US_ASCII);
    private static final CBOREncodeOptions CANONICAL = new CBOREncodeOptions("ctap2canonical=true");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");
    private static final Set<String> KEYS = Set.of("from", "site", "seq", "sent_ms", "at_ms", "holder", "replay");
    private static final Pattern TAG = Pattern.compile("[0-9a-f]{16}");

    private SiteMessage() {
    }

    /** A message read from a datagram, its signature not yet checked: the admission, its numbers, what was signed. */
    public record Parsed(SiteAdmission admission, String site, long seq, long sentMillis, byte[] signed,
                         byte[] signature) {
        /** Whether {@code key} made the signature. */
        public boolean signedBy(PublicKey key) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signed);
                return verifier.verify(signature);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }

    /**
     * The datagram for {@code admission} at the site tagged {@code site}, numbered {@code seq}, sent at
     * {@code sentMillis}, signed by {@code key} and sealed under {@code macKey}.
     */
    public static byte[] encode(SiteAdmission admission, String site, long seq, long sentMillis, DeviceKey key,
                                byte[] macKey) {
        CBORObject map = CBORObject.NewMap().Add("from", admission.kiosk()).Add("site", site).Add("seq", seq)
                .Add("sent_ms", sentMillis).Add("at_ms", admission.at().toEpochMilli());
        if (admission.holder() != null) {
            map.Add("holder", admission.holder());
        }
        if (admission.replay() != null) {
            map.Add("replay", admission.replay());
        }
        byte[] payload = map.EncodeToBytes(CANONICAL);
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("site message payload has " + payload.length + " bytes, expected at"
                    + " most " + MAX_PAYLOAD);
        }
        byte[] signature = key.signSite(signed(payload));
        int signedEnd = 6 + payload.length + SIGNATURE_BYTES;
        byte[] datagram = new byte[signedEnd + MAC_BYTES];
        System.arraycopy(MAGIC, 0, datagram, 0, 4);
        datagram[4] = (byte) (payload.length >>> 8);
        datagram[5] = (byte) payload.length;
        System.arraycopy(payload, 0, datagram, 6, payload.length);
        System.arraycopy(signature, 0, datagram, 6 + payload.length, SIGNATURE_BYTES);
        System.arraycopy(mac(macKey, datagram, signedEnd), 0, datagram, signedEnd, MAC_BYTES);
        return datagram;
    }

    /**
     * The format version {@code length} bytes of {@code data} claim by their first four bytes: 1 ("PGS1"), 2
     * ("PGS2"), or 0 for anything else. Says nothing about the rest.
     */
    public static int version(byte[] data, int length) {
        if (length < 4) {
            return 0;
        }
        if (Arrays.equals(data, 0, 4, MAGIC, 0, 4)) {
            return 2;
        }
        return Arrays.equals(data, 0, 4, MAGIC_V1, 0, 4) ? 1 : 0;
    }

    /** Whether {@code length} bytes of {@code data} are framed as version 2: magic, and lengths that add up. */
    public static boolean framed(byte[] data, int length) {
        if (length < 6 + 1 + SIGNATURE_BYTES + MAC_BYTES || length > MAX_DATAGRAM || version(data, length) != 2) {
            return false;
        }
        int payloadLength = (data[4] & 0xff) << 8 | data[5] & 0xff;
        return payloadLength >= 1 && payloadLength <= MAX_PAYLOAD
                && 6 + payloadLength + SIGNATURE_BYTES + MAC_BYTES == length;
    }

    /** Whether a {@link #framed} datagram carries the MAC {@code macKey} gives it (compared in constant time). */
    public static boolean authentic(byte[] data, int length, byte[] macKey) {
        if (!framed(data, length)) {
            return false;
        }
        int signedEnd = length - MAC_BYTES;
        return MessageDigest.isEqual(mac(macKey, data, signedEnd), Arrays.copyOfRange(data, signedEnd, length));
    }

    /** HMAC-SHA-256 under {@code key} of the first {@code length} bytes of {@code data}, its first 16 bytes. */
    private static byte[] mac(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /**
     * Reads {@code length} bytes of {@code data}; null when they are not a version 2 message. Does not check the
     * MAC: call {@link #authentic} first.
     */
    public static Parsed decode(byte[] data, int length) {
        if (!framed(data, length)) {
            return null;
        }
        int payloadLength = (data[4] & 0xff) << 8 | data[5] & 0xff;
        byte[] payload = Arrays.copyOfRange(data, 6, 6 + payloadLength);
        try {
            CBORObject map = CBORObject.DecodeFromBytes(payload);
            if (map.getType() != CBORType.Map || map.size() > KEYS.size()) {
                return null;
            }
            for (CBORObject key : map.getKeys()) {
                if (key.getType() != CBORType.TextString || !KEYS.contains(key.AsString())) {
                    return null;
                }
            }
            String from = text(map, "from", ID);
            String site = text(map, "site", TAG);
            long seq = number(map, "seq");
            long sent = number(map, "sent_ms");
            long at = number(map, "at_ms");
            String holder = optional(map, "holder");
            String replay = optional(map, "replay");
            if (from == null || site == null || seq < 0 || sent < 0 || at < 0 || at > sent || "".equals(holder)
                    || "".equals(replay) || holder == null && replay == null) {
                return null;
            }
            return new Parsed(new SiteAdmission(from, Instant.ofEpochMilli(at), holder, replay), site, seq, sent,
                    signed(payload), Arrays.copyOfRange(data, 6 + payloadLength, 6 + payloadLength + SIGNATURE_BYTES));
        } catch (CBORException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            return null;
        }
    }

    private static byte[] signed(byte[] payload) {
        byte[] message = Arrays.copyOf(DOMAIN, DOMAIN.length + payload.length);
        System.arraycopy(payload, 0, message, DOMAIN.length, payload.length);
        return message;
    }

    private static String text(CBORObject map, String key, Pattern pattern) {
        CBORObject value = map.get(key);
        if (value == null || value.getType() != CBORType.TextString || !pattern.matcher(value.AsString()).matches()) {
            return null;
        }
        return value.AsString();
    }

    /** The hex value at {@code key}: null when absent, "" when present but not lowercase hex of 1..64. */
    private static String optional(CBORObject map, String key) {
        if (map.get(key) == null) {
            return null;
        }
        String value = text(map, key, HEX);
        return value == null ? "" : value;
    }

    private static long number(CBORObject map, String key) {
        CBORObject value = map.get(key);
        if (value == null || value.getType() != CBORType.Integer || !value.CanValueFitInInt64()) {
            return -1;
        }
        return value.AsInt64Value();
    }
}
