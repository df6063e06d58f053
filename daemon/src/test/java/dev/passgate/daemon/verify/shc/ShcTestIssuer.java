package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.zip.Deflater;

/**
 * A SMART Health Cards issuer minted for a test: a P-256 key pair in memory, its JWK set and trust entry, and
 * the means to sign payloads into compact JWS and numeric {@code shc:/} texts, including deliberately broken ones.
 */
public final class ShcTestIssuer {
    /** A small card bundle: one Patient, two COVID-19 doses given out of date order. */
    public static final String BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
            + "{\"fullUrl\":\"resource:0\",\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":"
            + "\"Anyperson\",\"given\":[\"John\",\"B.\"]}],\"birthDate\":\"1951-01-20\"}},"
            + immunization(1, "208", "2021-01-29") + "," + immunization(2, "207", "2021-01-01") + "]}";

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private final String issuer;
    private final KeyPair keys;

    private ShcTestIssuer(String issuer, KeyPair keys) {
        this.issuer = issuer;
        this.keys = keys;
    }

    public static ShcTestIssuer create(String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new ShcTestIssuer(issuer, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String immunization(int index, String cvx, String date) {
        return "{\"fullUrl\":\"resource:" + index + "\",\"resource\":{\"resourceType\":\"Immunization\",\"status\":"
                + "\"completed\",\"vaccineCode\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/cvx\",\"code\":\""
                + cvx + "\"}]},\"patient\":{\"reference\":\"resource:0\"},\"occurrenceDateTime\":\"" + date
                + "\",\"performer\":[{\"actor\":{\"display\":\"ABC General Hospital\"}}],\"lotNumber\":\"0000001\"}}";
    }

    /** A payload of this issuer around a bundle, with an optional {@code exp} and {@code rid} (null to leave out). */
    public String payload(String nbf, String exp, String rid, String bundle) {
        return "{\"iss\":\"" + issuer + "\",\"nbf\":" + nbf + (exp == null ? "" : ",\"exp\":" + exp)
                + ",\"vc\":{\"type\":[\"https://smarthealth.cards#health-card\"]" + (rid == null ? ""
                : ",\"rid\":\"" + rid + "\"") + ",\"credentialSubject\":{\"fhirVersion\":\"4.0.1\",\"fhirBundle\":"
                + bundle + "}}}";
    }

    public String issuer() {
        return issuer;
    }

    public ECPublicKey publicKey() {
        return (ECPublicKey) keys.getPublic();
    }

    public String kid() {
        return IssuerKey.thumbprint(publicKey());
    }

    public CBORObject jwk(Integer crlVersion) {
        CBORObject jwk = CBORObject.NewOrderedMap().Add("kty", "EC").Add("kid", kid()).Add("use", "sig")
                .Add("alg", "ES256").Add("crv", "P-256")
                .Add("x", IssuerKey.base64Url(publicKey().getW().getAffineX()))
                .Add("y", IssuerKey.base64Url(publicKey().getW().getAffineY()));
        return crlVersion == null ? jwk : jwk.Add("crlVersion", crlVersion);
    }

    public CBORObject jwks() {
        return CBORObject.NewOrderedMap().Add("keys", CBORObject.NewArray().Add(jwk(null)));
    }

    /** The trust entry {"iss", "jwks", "crls"} of this issuer. */
    public CBORObject trustEntry(CBORObject jwks, CBORObject... crls) {
        CBORObject list = CBORObject.NewArray();
        for (CBORObject crl : crls) {
            list.Add(crl);
        }
        return CBORObject.NewOrderedMap().Add("iss", issuer).Add("jwks", jwks).Add("crls", list);
    }

    public CBORObject crl(int ctr, String... rids) {
        CBORObject list = CBORObject.NewArray();
        for (String rid : rids) {
            list.Add(rid);
        }
        return CBORObject.NewOrderedMap().Add("kid", kid()).Add("method", "rid").Add("ctr", ctr).Add("rids", list);
    }

    /** The numeric QR text of a card with this payload, signed as the specification says. */
    public String card(String payloadJson) {
        return NumericQr.encode(jws(payloadJson));
    }

    public String jws(String payloadJson) {
        return jws(header(kid()), rawDeflate(payloadJson.getBytes(StandardCharsets.UTF_8)));
    }

    /** A JWS over any header and (already compressed) payload bytes, signed in the 64-byte r‖s form. */
    public String jws(String headerJson, byte[] payload) {
        String input = URL.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(payload);
        return input + "." + URL.encodeToString(sign(input.getBytes(StandardCharsets.US_ASCII), true));
    }

    /** The same as {@link #jws(String)}, with the signature DER-encoded as many libraries produce it. */
    public String jwsWithDerSignature(String payloadJson) {
        String input = URL.encodeToString(header(kid()).getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(rawDeflate(payloadJson.getBytes(StandardCharsets.UTF_8)));
        return input + "." + URL.encodeToString(sign(input.getBytes(StandardCharsets.US_ASCII), false));
    }

    public static String header(String kid) {
        return "{\"zip\":\"DEF\",\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}";
    }

    public static byte[] rawDeflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private byte[] sign(byte[] input, boolean joseForm) {
        try {
            Signature ecdsa = Signature.getInstance(joseForm ? "SHA256withECDSAinP1363Format" : "SHA256withECDSA");
            ecdsa.initSign(keys.getPrivate());
            ecdsa.update(input);
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
