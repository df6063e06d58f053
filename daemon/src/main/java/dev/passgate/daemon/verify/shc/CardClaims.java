package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The claims of a SMART Health Card JWS payload that passgate reads:
 * <pre>
 *   {"iss": "https://issuer.example", "nbf": 1687450764.656, "exp": 1718986764?,
 *    "vc": {"type": ["https://smarthealth.cards#health-card", ...], "rid": "MKyCxh7p6uQ"?,
 *           "credentialSubject": {"fhirVersion": "4.0.1", "fhirBundle": {...}}}}
 * </pre>
 * {@code iss} must be an https URL without a trailing slash; {@code nbf} is required and {@code exp} optional,
 * both JSON numbers (their meaning as seconds is checked later, with the clock); {@code vc.type} must hold the
 * health-card type; {@code rid}, when present, is at most 24 base64url characters; the bundle must pass
 * {@link FhirShape}. Other members are ignored. {@code expires} is NaN when the card has no {@code exp}.
 */
record CardClaims(String issuer, double notBefore, double expires, String rid, CBORObject bundle) {
    static final String HEALTH_CARD_TYPE = "https://smarthealth.cards#health-card";
    private static final int MAX_ISSUER_CHARS = 255;
    private static final int MAX_RID_CHARS = 24;

    /** Claims, or why the payload does not have acceptable ones. */
    record Parsed(CardClaims claims, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    static Parsed parse(byte[] payload) {
        Json.Parsed json = Json.object(payload, "the JWS payload");
        if (!json.ok()) {
            return failed(json.failure());
        }
        CBORObject root = json.value();
        Optional<String> issuer = Json.string(root, "iss");
        String issuerProblem = issuer.isEmpty() ? "the payload names no iss" : issuerProblem(issuer.get());
        if (issuerProblem != null) {
            return failed(issuerProblem);
        }
        OptionalDouble notBefore = Json.number(root, "nbf");
        if (notBefore.isEmpty()) {
            return failed("the payload has no nbf number");
        }
        OptionalDouble expires = Json.number(root, "exp");
        if (root.get("exp") != null && expires.isEmpty()) {
            return failed("the payload has an exp that is not a finite number");
        }
        CBORObject vc = root.get("vc");
        if (!Json.isObject(vc) || !hasHealthCardType(vc.get("type"))) {
            return failed("the payload's vc.type does not hold " + HEALTH_CARD_TYPE);
        }
        String rid = null;
        if (vc.get("rid") != null) {
            rid = Json.string(vc, "rid").filter(CardClaims::isRid).orElse(null);
            if (rid == null) {
                return failed("the payload's vc.rid is not 1 to " + MAX_RID_CHARS + " base64url characters");
            }
        }
        CBORObject subject = vc.get("credentialSubject");
        CBORObject bundle = Json.isObject(subject) ? subject.get("fhirBundle") : null;
        Optional<String> shape = FhirShape.problem(bundle);
        if (shape.isPresent()) {
            return failed(shape.get());
        }
        return new Parsed(new CardClaims(issuer.get(), notBefore.getAsDouble(), expires.orElse(Double.NaN), rid,
                bundle), null);
    }

    boolean hasExpiry() {
        return !Double.isNaN(expires);
    }

    static boolean isRid(String rid) {
        return !rid.isEmpty() && rid.length() <= MAX_RID_CHARS && CompactJws.isBase64Url(rid);
    }

    private static String issuerProblem(String issuer) {
        if (issuer.length() > MAX_ISSUER_CHARS) {
            return "the payload's iss has " + issuer.length() + " characters, more than " + MAX_ISSUER_CHARS;
        }
        if (!issuer.startsWith("https://") || issuer.length() == "https://".length()) {
            return "the payload's iss is not an https URL";
        }
        if (issuer.endsWith("/")) {
            return "the payload's iss ends with '/', which the specification forbids";
        }
        if (issuer.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            return "the payload's iss has whitespace, control or non-ASCII characters";
        }
        return null;
    }

    private static boolean hasHealthCardType(CBORObject types) {
        return Json.isArray(types) && types.getValues().stream()
                .anyMatch(t -> t.getType() == CBORType.TextString && HEALTH_CARD_TYPE.equals(t.AsString()));
    }

    private static Parsed failed(String reason) {
        return new Parsed(null, reason);
    }
}
