package dev.passgate.daemon.upload;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.audit.DeviceKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One batch for the collector: rows of one device as stored, in sequence order, the device's checkpoints that
 * vouch for them (and the anchor before the first), and, when the device has one, its public checkpoint key as
 * X.509 SubjectPublicKeyInfo DER. A batch may hold checkpoints and no records (a checkpoint signed after its record
 * was sent). Records are identified by ({@code deviceId}, sequence) everywhere. With a {@code signer} (the
 * device's checkpoint key), {@link WireFormat} signs the batch on the wire, which a collector requires of an
 * enrolled device.
 */
public record UploadBatch(String deviceId, Optional<byte[]> publicKey, List<ChainRecord> records,
                          List<Checkpoint> checkpoints, Optional<DeviceKey> signer) {
    public UploadBatch {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(signer, "signer");
        publicKey = Objects.requireNonNull(publicKey, "publicKey").map(byte[]::clone);
        records = List.copyOf(records);
        checkpoints = List.copyOf(checkpoints);
        for (ChainRecord record : records) {
            if (!record.deviceId().equals(deviceId)) {
                throw new IllegalArgumentException("record " + record.deviceId() + "/" + record.sequence()
                        + " in a batch of device " + deviceId);
            }
        }
    }

    /** A batch that is not signed (as a collector reads it, or from a device without a key). */
    public UploadBatch(String deviceId, Optional<byte[]> publicKey, List<ChainRecord> records,
                       List<Checkpoint> checkpoints) {
        this(deviceId, publicKey, records, checkpoints, Optional.empty());
    }

    /** A batch signed by {@code key}, carrying its public half. */
    public static UploadBatch signed(String deviceId, DeviceKey key, List<ChainRecord> records,
                                     List<Checkpoint> checkpoints) {
        return new UploadBatch(deviceId, Optional.of(key.publicKey().getEncoded()), records, checkpoints,
                Optional.of(key));
    }

    /** Whether the batch carries nothing at all. */
    public boolean isEmpty() {
        return records.isEmpty() && checkpoints.isEmpty();
    }
}
