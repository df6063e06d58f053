package dev.passgate.daemon.audit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One row of the entry log as stored: the header in clear, the body as stored (CBOR, or CBOR sealed with
 * AES-GCM), the hash of the previous row of the same device ({@code prevHash}), this row's own hash, and the
 * uploader's mark. This is what an uploader sends and what {@link ChainVerifier} checks; reading the body is
 * {@link EntryLog}'s business. A row is identified by ({@code deviceId}, {@code sequence}) everywhere.
 *
 * <p>{@code hash} is what the row claims; {@link #computedHash} is what its content gives under
 * {@link ChainEncoding}. They differ only when the row was changed after it was written. Byte arrays are copied in
 * and out, so instances are immutable; equality compares array contents.
 */
public record ChainRecord(String deviceId, long sequence, RecordKind kind, long wallTimeMillis, BodyFormat bodyFormat,
                          byte[] body, byte[] prevHash, byte[] hash, boolean uploaded) {
    public ChainRecord {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bodyFormat, "bodyFormat");
        body = Objects.requireNonNull(body, "body").clone();
        prevHash = Objects.requireNonNull(prevHash, "prevHash").clone();
        hash = Objects.requireNonNull(hash, "hash").clone();
    }

    /** The hash this row's content gives; equal to {@link #hash} unless the row was changed. */
    public byte[] computedHash() {
        return ChainEncoding.recordHash(deviceId, sequence, kind, wallTimeMillis, bodyFormat, body, prevHash);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] prevHash() {
        return prevHash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** The same row with the uploader's mark set as given. */
    public ChainRecord withUploaded(boolean mark) {
        return new ChainRecord(deviceId, sequence, kind, wallTimeMillis, bodyFormat, body, prevHash, hash, mark);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainRecord that && deviceId.equals(that.deviceId) && sequence == that.sequence
                && kind == that.kind && wallTimeMillis == that.wallTimeMillis && bodyFormat == that.bodyFormat
                && Arrays.equals(body, that.body) && Arrays.equals(prevHash, that.prevHash)
                && Arrays.equals(hash, that.hash) && uploaded == that.uploaded;
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, sequence, Arrays.hashCode(hash));
    }

    /** Shows the header and the start of the hashes; never the body, which may hold a pseudonym. */
    @Override
    public String toString() {
        return "ChainRecord[" + deviceId + "/" + sequence + " " + kind + " at " + wallTimeMillis + " " + bodyFormat
                + " " + body.length + " bytes, prev " + shortHex(prevHash) + ", hash " + shortHex(hash)
                + (uploaded ? ", uploaded]" : "]");
    }

    static String shortHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length));
    }
}
