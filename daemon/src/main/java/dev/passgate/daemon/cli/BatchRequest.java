package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.verify.Instants;
import java.time.Instant;
import java.util.List;

/**
 * One {@code verify --batch} request line: {@code {"id": any, "text": "...", "at": "INSTANT"?, "trust": [...]?,
 * "policy": "NAME"?}}. A trust item is a base64 DER certificate string or a JSON object (a JWK set with its
 * issuer). {@link #parse} throws IllegalArgumentException with a message for the error answer.
 */
record BatchRequest(String text, Instant at, List<CBORObject> trust, String policy) {
    private static final int MAX_TRUST_ITEMS = 256;

    static BatchRequest parse(CBORObject request) {
        if (request.getType() != CBORType.Map) {
            throw new IllegalArgumentException("request: found " + request.getType() + ", expected a JSON object");
        }
        CBORObject text = request.get("text");
        if (text == null || text.getType() != CBORType.TextString) {
            throw new IllegalArgumentException("text: found " + typeOf(text) + ", expected a string");
        }
        Instant at = null;
        CBORObject atValue = request.get("at");
        if (atValue != null && !atValue.isNull()) {
            if (atValue.getType() != CBORType.TextString) {
                throw new IllegalArgumentException("at: found " + typeOf(atValue) + ", expected an ISO-8601 string");
            }
            at = Instants.parse(atValue.AsString()).orElseThrow(() -> new IllegalArgumentException(
                    "at: found '" + atValue.AsString() + "', expected an ISO-8601 instant"));
        }
        List<CBORObject> trust = List.of();
        CBORObject trustValue = request.get("trust");
        if (trustValue != null && !trustValue.isNull()) {
            if (trustValue.getType() != CBORType.Array || trustValue.size() > MAX_TRUST_ITEMS) {
                throw new IllegalArgumentException("trust: found " + typeOf(trustValue)
                        + ", expected an array of at most " + MAX_TRUST_ITEMS + " items");
            }
            trust = List.copyOf(trustValue.getValues());
        }
        CBORObject policy = request.get("policy");
        if (policy != null && !policy.isNull() && policy.getType() != CBORType.TextString) {
            throw new IllegalArgumentException("policy: found " + typeOf(policy) + ", expected a string");
        }
        return new BatchRequest(text.AsString(), at, trust, policy == null || policy.isNull() ? null
                : policy.AsString());
    }

    private static String typeOf(CBORObject value) {
        return value == null ? "nothing" : value.getType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
