package dev.passgate.daemon.collector;

import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.upload.UploadBatch;
import dev.passgate.daemon.upload.WireFormat;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Who may upload as which device. A device is admitted when its key was enrolled by the operator
 * ({@code collector enroll}, {@code --device-key}), or, only with trust on first use switched on, pinned from its
 * first signed batch (logged as a warning, since whoever comes first with an id owns it), or, with enrolment by
 * certificate switched on, pinned from its first signed batch over mutual TLS with a client certificate (under the
 * collector's trusted CA) whose subject CN is the device id; with that switch, a batch whose certificate names
 * another device is refused. A batch is then admitted
 * only when it carries exactly that key and its header signature verifies under it: the signature, over the digest
 * of every line after the header, is what makes the batch the device's and not anyone's who copied the public key.
 * Runs inside the store's transaction; {@code devices.enrolled} records how a key came to be held
 * ({@code operator}, {@code certificate}, {@code tofu}, or {@code v1} for a key a version 1 store pinned).
 */
final class Enrolment {
    static final String OPERATOR = "operator";
    static final String TOFU = "tofu";
    static final String CERTIFICATE = "certificate";

    private final Connection connection;
    private final boolean trustOnFirstUse;
    private final boolean byCertificate;

    Enrolment(Connection connection, boolean trustOnFirstUse, boolean byCertificate) {
        this.connection = connection;
        this.trustOnFirstUse = trustOnFirstUse;
        this.byCertificate = byCertificate;
    }

    /** The key the batch is admitted under, or why it is refused. Pins the key under trust on first use. */
    Admission admit(WireFormat.Parsed parsed, Optional<String> certified, long now) throws SQLException {
        UploadBatch batch = parsed.batch();
        String device = batch.deviceId();
        Optional<String> named = byCertificate ? certified : Optional.empty();
        if (named.isPresent() && !named.get().equals(device)) {
            return refused(Refusal.forbidden(Refusal.CERTIFICATE_MISMATCH, "the client certificate names device "
                    + named.get() + ", the batch is of device " + device));
        }
        Optional<byte[]> held = heldKey(device);
        if (batch.publicKey().isEmpty()) {
            return refused(Refusal.forbidden(Refusal.KEY_MISSING, "the batch of device " + device
                    + " carries no public_key; a collector stores only batches signed by the device's key"));
        }
        byte[] sent = batch.publicKey().get();
        if (held.isPresent() && !Arrays.equals(held.get(), sent)) {
            return refused(new Refusal(409, Refusal.KEY_MISMATCH, "device " + device + " sent key id "
                    + keyId(sent) + ", the key enrolled for it has key id " + keyId(held.get())));
        }
        boolean vouched = named.isPresent();
        if (held.isEmpty() && !trustOnFirstUse && !vouched) {
            return refused(Refusal.forbidden(Refusal.NOT_ENROLLED, "device " + device + " is not enrolled;"
                    + " enrol its key with 'passgate collector enroll --device " + device + " --key FILE'"));
        }
        Optional<PublicKey> key = publicKey(sent);
        if (key.isEmpty()) {
            return refused(Refusal.forbidden(Refusal.BAD_SIGNATURE, "the public_key of device " + device
                    + " is not an Ed25519 key"));
        }
        if (parsed.signature().isEmpty()) {
            return refused(Refusal.forbidden(Refusal.SIGNATURE_MISSING, "the batch of device " + device
                    + " carries no header signature"));
        }
        if (!verifies(key.get(), parsed.signedDigest(), parsed.signature().get())) {
            return refused(Refusal.forbidden(Refusal.BAD_SIGNATURE, "the batch signature does not verify under"
                    + " key id " + keyId(sent) + " of device " + device));
        }
        if (held.isEmpty() && vouched) {
            store(device, sent, CERTIFICATE, now);
            Logger.info("collector: device {} enrolled with key id {} by its client certificate", device,
                    keyId(sent));
        } else if (held.isEmpty()) {
            store(device, sent, TOFU, now);
            Logger.warn("collector: trust on first use: device {} is now pinned to key id {} from its first batch",
                    device, keyId(sent));
        }
        return new Admission(key, Optional.empty());
    }

    /** The key under which a batch was admitted, or the refusal. */
    record Admission(Optional<PublicKey> key, Optional<Refusal> refusal) {
    }

    private static Admission refused(Refusal refusal) {
        return new Admission(Optional.empty(), Optional.of(refusal));
    }

    /** Enrols {@code key} for {@code device}; empty when done (or already so), else why not. */
    Optional<String> enroll(String device, byte[] key, long now) throws SQLException {
        Optional<byte[]> held = heldKey(device);
        if (held.isPresent()) {
            return Arrays.equals(held.get(), key) ? Optional.empty() : Optional.of("device " + device
                    + " is already enrolled with key id " + keyId(held.get()) + ", not " + keyId(key));
        }
        store(device, key, OPERATOR, now);
        Logger.info("collector: enrolled device {} with key id {}", device, keyId(key));
        return Optional.empty();
    }

    private void store(String device, byte[] key, String how, long now) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO devices (device_id, public_key,"
                + " first_seen_ms, enrolled) VALUES (?,?,?,?) ON CONFLICT (device_id) DO UPDATE SET public_key ="
                + " excluded.public_key, enrolled = excluded.enrolled")) {
            upsert.setString(1, device);
            upsert.setBytes(2, key);
            upsert.setLong(3, now);
            upsert.setString(4, how);
            upsert.executeUpdate();
        }
    }

    private Optional<byte[]> heldKey(String device) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT public_key FROM devices WHERE device_id = ?")) {
            read.setString(1, device);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getBytes(1)) : Optional.empty();
            }
        }
    }

    static Optional<PublicKey> publicKey(byte[] der) {
        try {
            return Optional.of(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean verifies(PublicKey key, byte[] digest, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(DeviceKey.batchMessage(digest));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String keyId(byte[] der) {
        return publicKey(der).map(key -> HexFormat.of().formatHex(DeviceKey.keyIdOf(key))).orElse("(not Ed25519)");
    }
}
