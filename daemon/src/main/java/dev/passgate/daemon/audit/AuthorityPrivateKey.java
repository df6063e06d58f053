package dev.passgate.daemon.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * The health authority's X25519 key pair: the only thing that opens bodies sealed with {@link AuthorityKey}. It is
 * made once by {@code passgate collector authority-keygen} and stays with the authority (the collector's operator
 * only needs it for the moment of an export, given with {@code --key}).
 *
 * <p>Key file format, version 1: PEM text with a {@code PRIVATE KEY} block (PKCS#8 version 1, RFC 8410, X25519, which
 * {@code openssl pkey} reads) followed by a
 * {@code PUBLIC KEY} block (the same as the {@code .pub} file), created with mode 0600 before a byte is written and
 * never overwritten. Immutable and thread-safe.
 */
public final class AuthorityPrivateKey {
    public static final String PRIVATE_FILE = "authority.key";
    public static final String PUBLIC_FILE = "authority.pub";

    private final X25519PrivateKeyParameters privateKey;
    private final AuthorityKey publicKey;

    private AuthorityPrivateKey(X25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = AuthorityKey.of(privateKey.generatePublicKey());
    }

    /** A fresh key pair from {@link SecureRandom}. */
    public static AuthorityPrivateKey generate() {
        return new AuthorityPrivateKey(new X25519PrivateKeyParameters(new SecureRandom()));
    }

    /** The key whose 32 raw X25519 private bytes are {@code raw} (RFC 7748), for golden test files. */
    static AuthorityPrivateKey ofRaw(byte[] raw) {
        return new AuthorityPrivateKey(new X25519PrivateKeyParameters(raw, 0));
    }

    /** Reads the {@code PRIVATE KEY} block of {@code file}; anything but an X25519 key is refused. */
    public static AuthorityPrivateKey read(Path file) throws IOException {
        byte[] der = AuthorityKey.pemBlock(AuthorityKey.readText(file, "Authority private key"), "PRIVATE KEY", file);
        AsymmetricKeyParameter parsed;
        try {
            parsed = PrivateKeyFactory.createKey(der);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Authority private key file " + file + ": the PRIVATE KEY block is not PKCS#8;"
                    + " expected the authority.key that 'passgate collector authority-keygen' wrote");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        if (!(parsed instanceof X25519PrivateKeyParameters x25519)) {
            throw new IOException("Authority private key file " + file + " holds a "
                    + parsed.getClass().getSimpleName().replace("PrivateKeyParameters", "") + " key; expected X25519");
        }
        SecretFiles.warnIfReadableByOthers(file, "Authority private key");
        return new AuthorityPrivateKey(x25519);
    }

    /**
     * Writes {@code DIR/authority.key} (0600) and {@code DIR/authority.pub}; refuses to overwrite either file.
     * Returns the private key file.
     */
    public Path writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path privateFile = folder.resolve(PRIVATE_FILE);
        Path publicFile = folder.resolve(PUBLIC_FILE);
        for (Path existing : new Path[] {privateFile, publicFile}) {
            if (Files.exists(existing)) {
                throw new FileAlreadyExistsException(existing + " exists; a key is never overwritten");
            }
        }
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(privateFile);
        }
        byte[] raw = privateKey.getEncoded();
        byte[] der = new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_X25519),
                new DEROctetString(raw)).getEncoded();
        Arrays.fill(raw, (byte) 0);
        try (OutputStream out = Files.newOutputStream(privateFile, StandardOpenOption.WRITE)) {
            out.write((AuthorityKey.pem("PRIVATE KEY", der) + publicKey.pem()).getBytes(StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        Files.writeString(publicFile, publicKey.pem(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        return privateFile;
    }

    public AuthorityKey publicKey() {
        return publicKey;
    }

    /**
     * Opens a body sealed with {@link AuthorityKey#seal}; a body sealed to another key, a wrong header or a changed
     * byte fails with {@link GeneralSecurityException} saying which.
     */
    byte[] open(byte[] sealed, byte[] aad) throws GeneralSecurityException {
        if (sealed.length < AuthorityKey.OVERHEAD) {
            throw new GeneralSecurityException("authority-sealed body has " + sealed.length
                    + " bytes, expected at least " + AuthorityKey.OVERHEAD);
        }
        byte[] keyId = Arrays.copyOf(sealed, AuthorityKey.KEY_ID_LENGTH);
        if (!Arrays.equals(keyId, publicKey.keyId())) {
            throw new GeneralSecurityException("body is sealed to authority key " + HexFormat.of().formatHex(keyId)
                    + ", this key is " + publicKey.keyIdHex());
        }
        int encEnd = AuthorityKey.KEY_ID_LENGTH + AuthorityKey.ENC_LENGTH;
        byte[] enc = Arrays.copyOfRange(sealed, AuthorityKey.KEY_ID_LENGTH, encEnd);
        byte[] ciphertext = Arrays.copyOfRange(sealed, encEnd, sealed.length);
        try {
            return AuthorityKey.suite().open(enc, new AsymmetricCipherKeyPair(publicKey.parameters(), privateKey),
                    AuthorityKey.INFO, aad, ciphertext, null, null, null);
        } catch (InvalidCipherTextException | RuntimeException e) {
            // A crafted enc (a low-order point, say) makes the X25519 agreement itself fail: the same answer.
            throw new GeneralSecurityException("authority-sealed body does not open (the row was changed): "
                    + e.getMessage());
        }
    }
}
