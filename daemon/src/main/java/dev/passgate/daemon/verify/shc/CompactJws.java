package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A compact JWS as SMART Health Cards use it:
 * <pre>
 *   BASE64URL(header) '.' BASE64URL(raw DEFLATE(payload)) '.' BASE64URL(signature)     no '=' padding
 *   header    = {"zip":"DEF","alg":"ES256","kid":"&lt;RFC 7638 thumbprint of the issuer key&gt;"}
 *   signature = ES256 over the ASCII bytes of the first two parts, as the 64-byte r‖s pair (RFC 7518 §3.4)
 * </pre>
 * The kid must be 1 to 128 base64url characters (a thumbprint is 43), so it can be logged as it is. Other header
 * members are allowed except {@code crit}, whose extensions passgate would have to understand. A
 * DER-encoded ECDSA signature is refused, as the specification requires. The payload is returned still
 * compressed: inflating it is the next step.
 */
record CompactJws(String kid, byte[] compressedPayload, byte[] signature, byte[] signingInput) {
    private static final int MAX_HEADER_CHARS = 1024;
    private static final int MAX_KID_CHARS = 128;
    private static final int ES256_SIGNATURE_BYTES = 64;

    /** A parsed JWS, or why the text is not an acceptable one. */
    record Parsed(CompactJws jws, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    static Parsed parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3) {
            return failed("the JWS has " + parts.length + " dot-separated parts, expected 3");
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || !isBase64Url(parts[i])) {
                return failed("part " + (i + 1) + " of the JWS is " + (parts[i].isEmpty() ? "empty" : "not base64url")
                        + ", expected unpadded base64url");
            }
        }
        if (parts[0].length() > MAX_HEADER_CHARS) {
            return failed("the JWS header has " + parts[0].length() + " characters, more than " + MAX_HEADER_CHARS);
        }
        Optional<byte[]> headerBytes = decode(parts[0]);
        Optional<byte[]> payload = decode(parts[1]);
        Optional<byte[]> signature = decode(parts[2]);
        if (headerBytes.isEmpty() || payload.isEmpty() || signature.isEmpty()) {
            return failed("a part of the JWS has a base64url length that no byte string has");
        }
        Json.Parsed header = Json.object(headerBytes.get(), "the JWS header");
        if (!header.ok()) {
            return failed(header.failure());
        }
        String problem = headerProblem(header.value());
        if (problem != null) {
            return failed(problem);
        }
        byte[] sig = signature.get();
        if (sig.length != ES256_SIGNATURE_BYTES) {
            boolean der = sig.length > ES256_SIGNATURE_BYTES && sig[0] == 0x30 && sig[2] == 0x02;
            return failed("the signature has " + sig.length + " bytes" + (der ? " and is DER-encoded" : "")
                    + ", expected the 64-byte r||s form of ES256");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        String kid = Json.string(header.value(), "kid").orElseThrow();
        return new Parsed(new CompactJws(kid, payload.get(), sig, signingInput), null);
    }

    private static String headerProblem(CBORObject header) {
        Optional<String> alg = Json.string(header, "alg");
        if (alg.isEmpty() || !alg.get().equals("ES256")) {
            return "the JWS header names " + (alg.isEmpty() ? "no alg" : "alg '" + alg.get() + "'")
                    + ", expected ES256";
        }
        Optional<String> zip = Json.string(header, "zip");
        if (zip.isEmpty() || !zip.get().equals("DEF")) {
            return "the JWS header names " + (zip.isEmpty() ? "no zip" : "zip '" + zip.get() + "'")
                    + ", expected DEF (raw DEFLATE)";
        }
        Optional<String> kid = Json.string(header, "kid");
        if (kid.isEmpty() || kid.get().isEmpty() || kid.get().length() > MAX_KID_CHARS || !isBase64Url(kid.get())) {
            return "the JWS header names " + (kid.isEmpty() ? "no kid" : "a kid that is not 1 to " + MAX_KID_CHARS
                    + " base64url characters") + ", expected the issuer key's thumbprint";
        }
        if (header.ContainsKey("crit")) {
            return "the JWS header has critical extensions (crit), which passgate does not implement";
        }
        return null;
    }

    private static Optional<byte[]> decode(String part) {
        try {
            return Optional.of(Base64.getUrlDecoder().decode(part));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean isBase64Url(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Parsed failed(String reason) {
        return new Parsed(null, reason);
    }
}
