package dev.passgate.daemon.verify.pg1;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys of PG1 issuers and holders on disk, as PEM: a private key is PKCS#8 ({@code PRIVATE KEY}), written
 * owner-only (0600) and created exclusively so an existing key is never overwritten; a public key is X.509
 * SubjectPublicKeyInfo ({@code PUBLIC KEY}), the form {@code --trust} and {@code verify.trust} accept for a PG1
 * issuer. Files larger than 16 KiB are refused before reading.
 */
public final class Pg1KeyFiles {
    private static final long MAX_BYTES = 16 * 1024;
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private Pg1KeyFiles() {
    }

    /** Writes {@code keys} as {@code DIR/NAME.key} (0600) and {@code DIR/NAME.pub}; refuses to overwrite. */
    public static void write(KeyPair keys, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(name + ".key");
        try {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(privateFile);
        }
        Files.writeString(privateFile, pem(PRIVATE, keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(dir.resolve(name + ".pub"), publicPem(keys.getPublic()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW);
    }

    public static String publicPem(PublicKey key) {
        return pem(PUBLIC, key.getEncoded());
    }

    /** Reads a private key file back into its key pair (the public half is derived from the seed). */
    public static KeyPair readPrivate(Path file) throws IOException {
        try {
            byte[] der = der(Files.readString(bounded(file), StandardCharsets.US_ASCII), PRIVATE, file);
            EdECPrivateKey key = (EdECPrivateKey) KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] seed = key.getBytes().orElseThrow(() -> new IOException(file + ": the key has no seed bytes"));
            return Pg1Keys.fromSeed(seed);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(file + ": found no Ed25519 private key, expected PEM PRIVATE KEY (PKCS#8)", e);
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        return parsePublic(Files.readString(bounded(file), StandardCharsets.US_ASCII), file.toString());
    }

    /** Parses a PEM {@code PUBLIC KEY} holding an Ed25519 key; {@code source} names it in errors. */
    public static PublicKey parsePublic(String pemText, String source) throws IOException {
        try {
            byte[] der = der(pemText, PUBLIC, source);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(source + ": found no Ed25519 public key, expected PEM PUBLIC KEY", e);
        }
    }

    private static Path bounded(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": found " + size + " bytes, expected at most " + MAX_BYTES);
        }
        return file;
    }

    private static byte[] der(String text, String label, Object source) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(source + ": found no " + begin + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": the " + label + " block is not base64", e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
