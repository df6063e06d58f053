package dev.passgate.daemon.audit;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed checkpoint: the device's Ed25519 signature over ({@code deviceId}, {@code sequence}, {@code chainHash},
 * {@code wallTimeMillis}) as encoded by {@link ChainEncoding}, where {@code chainHash} is the hash of the device's
 * record {@code sequence}. It vouches for that record and, through the chain, for every record before it.
 * {@code keyId} names the signing key: the first 8 bytes of SHA-256 over its X.509 SubjectPublicKeyInfo encoding.
 * After a retention purge the checkpoint at the purge boundary stays behind as the anchor the remaining records
 * chain from. Byte arrays are copied in and out.
 */
public record Checkpoint(String deviceId, long sequence, byte[] chainHash, long wallTimeMillis, byte[] keyId,
                         byte[] signature) {
    public static final int KEY_ID_LENGTH = 8;
    public static final int SIGNATURE_LENGTH = 64;

    public Checkpoint {
        Objects.requireNonNull(deviceId, "deviceId");
        chainHash = Objects.requireNonNull(chainHash, "chainHash").clone();
        keyId = Objects.requireNonNull(keyId, "keyId").clone();
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** The bytes the signature is over. */
    public byte[] signedMessage() {
        return ChainEncoding.checkpointMessage(deviceId, sequence, chainHash, wallTimeMillis);
    }

    /** Whether {@code key} has this key id and its Ed25519 signature over {@link #signedMessage} is good. */
    public boolean verifies(PublicKey key) {
        if (!Arrays.equals(keyId, DeviceKey.keyIdOf(key)) || chainHash.length != ChainEncoding.HASH_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signedMessage());
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public byte[] chainHash() {
        return chainHash.clone();
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && deviceId.equals(that.deviceId) && sequence == that.sequence
                && Arrays.equals(chainHash, that.chainHash) && wallTimeMillis == that.wallTimeMillis
                && Arrays.equals(keyId, that.keyId) && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, sequence, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "Checkpoint[" + deviceId + "/" + sequence + " hash " + ChainRecord.shortHex(chainHash) + " at "
                + wallTimeMillis + " key " + ChainRecord.shortHex(keyId) + "]";
    }
}
