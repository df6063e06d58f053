package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * The device's Ed25519 key, with which the entry log signs its checkpoints; the JDK's own Ed25519 does the work.
 *
 * <p>Key file format, version 1: PEM text holding two blocks, in this order, and nothing else but line breaks:
 * <pre>
 * -----BEGIN PRIVATE KEY-----   base64 of the PKCS#8 DER private key (RFC 8410, 48 bytes)
 * -----END PRIVATE KEY-----
 * -----BEGIN PUBLIC KEY-----    base64 of the X.509 SubjectPublicKeyInfo DER public key (RFC 8410, 44 bytes)
 * -----END PUBLIC KEY-----
 * </pre>
 * {@code openssl pkey -in FILE} reads it. The public half is kept because the JDK cannot derive it from the
 * private one; on reading, the two are checked to belong together. A missing file is created once, owner-only
 * (0600), atomically ({@link SecretFiles}). The public key is what a collector needs: {@code passgate log pubkey}
 * prints it. Instances are immutable and thread-safe.
 *
 * <p>Not guaranteed: the key protects the log against anyone without the key, not against someone who controls
 * the kiosk's account and can read the key file.
 */
public final class DeviceKey {
    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final int MAX_FILE_BYTES = 4096;

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] keyId;

    private DeviceKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyIdOf(publicKey);
    }

    /** Reads the key in {@code file}, creating the file with a fresh key when it does not exist. */
    public static DeviceKey fromFile(Path file) throws IOException {
        Path path = file.toAbsolutePath();
        if (!Files.exists(path)) {
            DeviceKey key = generate();
            SecretFiles.writeAtomically(path, key.pem().getBytes(StandardCharsets.US_ASCII), "signing key");
            Logger.info("Created entry log signing key {} (key id {})", path, ChainRecord.shortHex(key.keyId));
        }
        return read(path);
    }

    /** Reads the key in {@code file}, which must exist. */
    public static DeviceKey read(Path file) throws IOException {
        String text = readText(file);
        byte[] privateDer = block(text, "PRIVATE KEY", file);
        byte[] publicDer = block(text, "PUBLIC KEY", file);
        SecretFiles.warnIfReadableByOthers(file, "Signing key");
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            DeviceKey key = new DeviceKey(factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)),
                    factory.generatePublic(new X509EncodedKeySpec(publicDer)));
            Arrays.fill(privateDer, (byte) 0);
            if (!key.halvesMatch()) {
                throw new IOException("Signing key file " + file + " holds a public key that does not belong to"
                        + " its private key; expected the pair the file was created with");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IOException("Signing key file " + file + " does not hold an Ed25519 key pair: "
                    + e.getMessage(), e);
        }
    }

    /** A fresh key held in memory only. */
    public static DeviceKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new DeviceKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every Java 17 runtime but failed", e);
        }
    }

    /** Wraps an Ed25519 key pair, for tests that need a key made from fixed bytes. */
    static DeviceKey of(KeyPair pair) {
        return new DeviceKey(pair.getPrivate(), pair.getPublic());
    }

    /** Reads the first {@code PUBLIC KEY} block of a PEM file: a key file, or a file {@link #publicKeyPem} wrote. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        byte[] der = block(readText(file), "PUBLIC KEY", file);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("File " + file + " does not hold an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The key id of {@code key}: the first 8 bytes of SHA-256 over its SubjectPublicKeyInfo encoding. */
    public static byte[] keyIdOf(PublicKey key) {
        return Arrays.copyOf(ChainEncoding.sha256(key.getEncoded()), Checkpoint.KEY_ID_LENGTH);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public byte[] keyId() {
        return keyId.clone();
    }

    /** The public key as a PEM {@code PUBLIC KEY} block. */
    public String publicKeyPem() {
        return pem(publicKey);
    }

    /** {@code key} as a PEM {@code PUBLIC KEY} block (SubjectPublicKeyInfo DER, base64, 64 columns). */
    public static String pem(PublicKey key) {
        return pemBlock("PUBLIC KEY", key.getEncoded());
    }

    /** Signs the checkpoint of {@code sequence}, whose record hash is {@code chainHash}. */
    Checkpoint sign(String deviceId, long sequence, byte[] chainHash, long wallTimeMillis) {
        byte[] message = ChainEncoding.checkpointMessage(deviceId, sequence, chainHash, wallTimeMillis);
        return new Checkpoint(deviceId, sequence, chainHash, wallTimeMillis, keyId, signature(message));
    }

    /**
     * Signs an upload batch: the Ed25519 signature over {@code "passgate/batch/1" || digest}, where {@code digest}
     * is the SHA-256 of the batch's lines after its header ({@code docs/collector-api.md}).
     */
    public byte[] signBatch(byte[] digest) {
        return signature(batchMessage(digest));
    }

    /**
     * Signs a site-window message: {@code message} must start with the tag {@code "passgate/site/"}, so that no
     * signature made here can pass for a checkpoint or a batch signature.
     */
    public byte[] signSite(byte[] message) {
        byte[] tag = "passgate/site/".getBytes(StandardCharsets.US_ASCII);
        if (message.length < tag.length || !Arrays.equals(message, 0, tag.length, tag, 0, tag.length)) {
            throw new IllegalArgumentException("a site message starts with passgate/site/");
        }
        return signature(message);
    }

    /** The bytes a batch signature is over, for {@link #signBatch} and for a collector that verifies it. */
    public static byte[] batchMessage(byte[] digest) {
        byte[] tag = "passgate/batch/1".getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(tag, tag.length + digest.length);
        System.arraycopy(digest, 0, message, tag.length, digest.length);
        return message;
    }

    private byte[] signature(byte[] message) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private boolean halvesMatch() {
        byte[] probe = "passgate/key-probe".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature(probe));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private String pem() {
        return pemBlock("PRIVATE KEY", privateKey.getEncoded()) + publicKeyPem();
    }

    private static String pemBlock(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static String readText(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException("Key file " + file + " has " + size + " bytes, expected at most " + MAX_FILE_BYTES);
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static byte[] block(String text, String label, Path file) throws IOException {
        Matcher matcher = PEM_BLOCK.matcher(Objects.requireNonNull(text));
        while (matcher.find()) {
            if (matcher.group(1).equals(label)) {
                try {
                    return Base64.getMimeDecoder().decode(matcher.group(2));
                } catch (IllegalArgumentException e) {
                    throw new IOException("Key file " + file + ": the " + label + " block is not base64", e);
                }
            }
        }
        throw new IOException("Key file " + file + " has no PEM block '" + label + "'; expected a passgate signing"
                + " key file or a PEM public key");
    }
}
