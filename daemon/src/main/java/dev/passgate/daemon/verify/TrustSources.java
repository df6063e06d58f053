package dev.passgate.daemon.verify;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.verify.pg1.Pg1KeyFiles;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Reads trust entries from the forms operators and test suites use: a PEM or DER X.509 certificate, a text file
 * holding one base64 DER certificate (as the EU DCC test data gives it), or a JWK set as JSON, either bare
 * ({@code {"keys": [...]}}, issuer unknown) or with its issuer and, optionally, the revocation lists of its keys
 * ({@code {"iss": URL, "jwks": {...}, "crls": [{...}, ...]}}), or a passgate PG1 issuer's Ed25519 public key as
 * PEM {@code PUBLIC KEY}.
 */
public final class TrustSources {
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_CRLS = 64;

    private TrustSources() {
    }

    public static void addFile(TrustStore.Builder builder, Path file) throws TrustException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new TrustException(file + ": found " + Files.size(file) + " bytes, expected at most "
                        + MAX_FILE_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TrustException(file + ": cannot read trust file: " + e.getMessage(), e);
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1).strip();
        try {
            if (text.startsWith("{")) {
                addJson(builder, CBORObject.FromJSONString(new String(bytes, StandardCharsets.UTF_8)));
            } else if (text.startsWith("-----BEGIN PUBLIC KEY-----")) {
                addIssuerKey(builder, text, file.toString());
            } else if (text.startsWith("-----BEGIN")) {
                builder.add(certificate(bytes));
            } else if (bytes.length > 0 && bytes[0] == 0x30) {
                builder.add(certificate(bytes));
            } else {
                addBase64Certificate(builder, text);
            }
        } catch (TrustException e) {
            throw new TrustException(file + ": " + e.getMessage(), e);
        } catch (CBORException e) {
            throw new TrustException(file + ": found JSON that does not parse, expected a JWK set", e);
        }
    }

    /** Adds a passgate (PG1) issuer's Ed25519 public key, given as PEM, under its key id. */
    public static void addIssuerKey(TrustStore.Builder builder, String pem, String source) throws TrustException {
        try {
            PublicKey key = Pg1KeyFiles.parsePublic(pem, source);
            builder.add(Pg1Keys.keyIdText(key), key);
        } catch (IOException e) {
            throw new TrustException(e.getMessage(), e);
        }
    }

    public static void addBase64Certificate(TrustStore.Builder builder, String base64) throws TrustException {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new TrustException("found text that is not base64, expected a base64 DER certificate", e);
        }
        builder.add(certificate(der));
    }

    /** Adds a JSON trust object: {"iss": URL, "jwks": {...}, "crls": [...]?} or a bare {"keys": [...]}. */
    public static void addJson(TrustStore.Builder builder, CBORObject json) throws TrustException {
        if (json.getType() != CBORType.Map) {
            throw new TrustException("found JSON " + json.getType() + ", expected an object");
        }
        CBORObject iss = json.get("iss");
        CBORObject jwks = json.get("jwks");
        CBORObject crls = json.get("crls");
        if (crls != null && (crls.getType() != CBORType.Array || crls.size() > MAX_CRLS)) {
            throw new TrustException("crls: found " + crls.getType() + ", expected an array of at most " + MAX_CRLS
                    + " revocation lists");
        }
        List<CBORObject> crlList = crls == null ? List.of() : List.copyOf(crls.getValues());
        if (iss != null && jwks != null && iss.getType() == CBORType.TextString) {
            builder.addJwkSet(iss.AsString(), jwks, crlList);
        } else if (json.get("keys") != null) {
            builder.addJwkSet(iss != null && iss.getType() == CBORType.TextString ? iss.AsString() : "", json,
                    crlList);
        } else {
            throw new TrustException("found a JSON object without \"keys\" or \"iss\"+\"jwks\", expected a JWK set");
        }
    }

    private static X509Certificate certificate(byte[] encoded) throws TrustException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(encoded));
        } catch (CertificateException | ClassCastException e) {
            throw new TrustException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }
}
