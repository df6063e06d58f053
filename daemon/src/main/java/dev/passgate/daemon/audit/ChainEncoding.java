package dev.passgate.daemon.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The byte strings the chain hashes, the checkpoints sign and AES-GCM authenticates, format version 2. They are
 * defined here byte for byte so that a collector in another language can recompute them; {@code docs/entry-log.md}
 * repeats them with a worked example. Integers are big-endian two's complement ({@code i64} 8 bytes, {@code u32}
 * 4 bytes, {@code u8} 1 byte); {@code id} is the device id as {@code u8 length} then its ASCII bytes (1..128); tags
 * are ASCII without a terminator.
 * <pre>
 * hash(record)     = SHA-256( "passgate/entry/2"      || id || i64 seq || u8 kind || i64 wall_time_ms
 *                             || u8 body_format || u32 len(body) || body || prev_hash[32] )
 * genesis(device)  = SHA-256( "passgate/genesis/2"    || id )
 * checkpoint msg   =          "passgate/checkpoint/2" || id || i64 seq || chain_hash[32] || i64 wall_time_ms
 * body AAD         =          "passgate/body/2"       || id || i64 seq || u8 kind || i64 wall_time_ms
 * </pre>
 * The record hash covers every stored column except {@code uploaded}, which the uploader changes, and covers the
 * body as stored: the ciphertext when the body is encrypted, so that the chain can be checked without the key.
 */
final class ChainEncoding {
    static final int HASH_LENGTH = 32;
    private static final byte[] ENTRY_TAG = ascii("passgate/entry/2");
    private static final byte[] GENESIS_TAG = ascii("passgate/genesis/2");
    private static final byte[] CHECKPOINT_TAG = ascii("passgate/checkpoint/2");
    private static final byte[] BODY_TAG = ascii("passgate/body/2");

    private ChainEncoding() {
    }

    static byte[] recordHash(String deviceId, long sequence, RecordKind kind, long wallTimeMillis, BodyFormat format,
                             byte[] body, byte[] prevHash) {
        requireHash(prevHash, "prevHash");
        Writer out = new Writer(ENTRY_TAG, deviceId);
        out.i64(sequence).u8(kind.code()).i64(wallTimeMillis).u8(format.code()).u32(body.length).bytes(body)
                .bytes(prevHash);
        return sha256(out.done());
    }

    static byte[] genesis(String deviceId) {
        return sha256(new Writer(GENESIS_TAG, deviceId).done());
    }

    static byte[] checkpointMessage(String deviceId, long sequence, byte[] chainHash, long wallTimeMillis) {
        requireHash(chainHash, "chainHash");
        return new Writer(CHECKPOINT_TAG, deviceId).i64(sequence).bytes(chainHash).i64(wallTimeMillis).done();
    }

    static byte[] bodyAad(String deviceId, long sequence, RecordKind kind, long wallTimeMillis) {
        return new Writer(BODY_TAG, deviceId).i64(sequence).u8(kind.code()).i64(wallTimeMillis).done();
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime but is missing", e);
        }
    }

    private static void requireHash(byte[] hash, String name) {
        if (hash == null || hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + HASH_LENGTH + " bytes, found "
                    + (hash == null ? "null" : hash.length + " bytes"));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Big-endian fields after a tag and the length-prefixed device id. */
    private static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer(byte[] tag, String deviceId) {
            byte[] id = deviceId.getBytes(StandardCharsets.US_ASCII);
            if (id.length < 1 || id.length > 128) {
                throw new IllegalArgumentException("device id must be 1..128 bytes, found " + id.length);
            }
            bytes(tag).u8(id.length).bytes(id);
        }

        Writer i64(long value) {
            try {
                out.writeLong(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer u32(int value) {
            try {
                out.writeInt(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer u8(int value) {
            bytes.write(value);
            return this;
        }

        Writer bytes(byte[] value) {
            bytes.writeBytes(value);
            return this;
        }

        byte[] done() {
            return bytes.toByteArray();
        }
    }
}
