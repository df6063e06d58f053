package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One issuer signing key of a SMART Health Cards JWK set, checked against the specification's rules for issuer
 * keys: {@code kty} EC, {@code crv} P-256, {@code alg} ES256, {@code use} sig, {@code x}/{@code y} the base64url
 * coordinates (32 bytes each) of a point on P-256, no private part {@code d}, and {@code kid} equal to the key's
 * RFC 7638 thumbprint: base64url(SHA-256({"crv":"P-256","kty":"EC","x":X,"y":Y})), members in that order, no
 * whitespace. {@code crlVersion}, when present, is the counter of the key's revocation list (0 when absent). An
 * {@code x5c} chain, when present, must pass {@link X5cChain}.
 */
public record IssuerKey(String kid, ECPublicKey publicKey, int crlVersion) {
    private static final int COORDINATE_BYTES = 32;
    private static final ECParameterSpec P256 = p256();

    /** Parses one JWK; on failure adds every problem, named by the key's position, and returns empty. */
    static Optional<IssuerKey> parse(CBORObject jwk, int index, String issuer, List<String> problems) {
        String name = "key " + index + (Json.string(jwk, "kid").map(k -> " (kid " + k + ")").orElse(""));
        int before = problems.size();
        if (!Json.isObject(jwk)) {
            problems.add(name + ": found no JSON object, expected a JWK");
            return Optional.empty();
        }
        if (jwk.ContainsKey("d")) {
            problems.add(name + ": found a private key (\"d\"), expected public keys only");
        }
        expect(jwk, "kty", "EC", name, problems);
        expect(jwk, "crv", "P-256", name, problems);
        expect(jwk, "alg", "ES256", name, problems);
        expect(jwk, "use", "sig", name, problems);
        Optional<byte[]> x = coordinate(jwk, "x", name, problems);
        Optional<byte[]> y = coordinate(jwk, "y", name, problems);
        int crlVersion = crlVersion(jwk, name, problems);
        if (problems.size() > before || x.isEmpty() || y.isEmpty()) {
            return Optional.empty();
        }
        Optional<ECPublicKey> key = publicKey(x.get(), y.get());
        if (key.isEmpty()) {
            problems.add(name + ": x and y are not a point on P-256");
            return Optional.empty();
        }
        String thumbprint = thumbprint(key.get());
        String kid = Json.string(jwk, "kid").orElse("");
        if (!kid.equals(thumbprint)) {
            problems.add(name + ": found kid '" + kid + "', expected the key's thumbprint " + thumbprint);
        }
        if (jwk.get("x5c") != null) {
            X5cChain.problem(jwk.get("x5c"), key.get(), issuer).ifPresent(p -> problems.add(name + ": " + p));
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new IssuerKey(kid, key.get(), crlVersion));
    }

    /** The RFC 7638 thumbprint of a P-256 public key, as SMART Health Cards use it for {@code kid}. */
    public static String thumbprint(ECPublicKey key) {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + base64Url(key.getW().getAffineX())
                + "\",\"y\":\"" + base64Url(key.getW().getAffineY()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** A coordinate as the 32-byte big-endian base64url form JWKs use. */
    static String base64Url(BigInteger coordinate) {
        byte[] bytes = coordinate.toByteArray();
        byte[] fixed = new byte[COORDINATE_BYTES];
        int length = Math.min(bytes.length, COORDINATE_BYTES);
        System.arraycopy(bytes, bytes.length - length, fixed, COORDINATE_BYTES - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    private static void expect(CBORObject jwk, String member, String wanted, String name, List<String> problems) {
        Optional<String> found = Json.string(jwk, member);
        if (found.isEmpty() || !found.get().equals(wanted)) {
            problems.add(name + ": found " + member + " " + found.map(f -> "'" + f + "'").orElse("missing")
                    + ", expected '" + wanted + "'");
        }
    }

    private static Optional<byte[]> coordinate(CBORObject jwk, String member, String name, List<String> problems) {
        Optional<String> text = Json.string(jwk, member).filter(CompactJws::isBase64Url);
        byte[] bytes = text.map(t -> Base64.getUrlDecoder().decode(t)).orElse(new byte[0]);
        if (bytes.length != COORDINATE_BYTES) {
            problems.add(name + ": found " + member + " of " + bytes.length + " bytes, expected " + COORDINATE_BYTES
                    + " bytes in base64url");
            return Optional.empty();
        }
        return Optional.of(bytes);
    }

    private static int crlVersion(CBORObject jwk, String name, List<String> problems) {
        if (jwk.get("crlVersion") == null) {
            return 0;
        }
        OptionalDouble version = Json.number(jwk, "crlVersion");
        if (version.isEmpty() || version.getAsDouble() < 1 || version.getAsDouble() > Integer.MAX_VALUE
                || version.getAsDouble() != Math.rint(version.getAsDouble())) {
            problems.add(name + ": found a crlVersion that is not a positive integer");
            return 0;
        }
        return (int) version.getAsDouble();
    }

    private static Optional<ECPublicKey> publicKey(byte[] x, byte[] y) {
        BigInteger px = new BigInteger(1, x);
        BigInteger py = new BigInteger(1, y);
        EllipticCurve curve = P256.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (px.compareTo(p) >= 0 || py.compareTo(p) >= 0) {
            return Optional.empty();
        }
        BigInteger left = py.multiply(py).mod(p);
        BigInteger right = px.pow(3).add(curve.getA().multiply(px)).add(curve.getB()).mod(p);
        if (!left.equals(right)) {
            return Optional.empty();
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            return Optional.of((ECPublicKey) factory.generatePublic(new ECPublicKeySpec(new ECPoint(px, py), P256)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** True when the two keys are the same point on the same curve. */
    static boolean samePoint(ECPublicKey a, ECPublicKey b) {
        return a.getW().equals(b.getW()) && a.getParams().getCurve().equals(b.getParams().getCurve());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is missing from this Java runtime", e);
        }
    }
}
