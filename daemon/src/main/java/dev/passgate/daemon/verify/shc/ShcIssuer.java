package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.TrustException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trusted SMART Health Cards issuer, built from the trust entry an operator gives:
 * <pre>
 *   {"iss": "https://issuer.example", "jwks": {"keys": [JWK, ...]}, "crls": [CRL, ...]?}
 * </pre>
 * Every key must pass {@link IssuerKey} (so a set holding a private key, a wrong curve, algorithm, key type, use
 * or kid, or a bad {@code x5c} chain is refused), and every CRL must pass {@link RevocationList}, name a key of
 * this set, have {@code ctr} equal to that key's {@code crlVersion} when the key declares one, and be the only
 * CRL of its key. The entry is refused whole, with every problem named, so that a kiosk never runs on part of an
 * issuer's trust data. Immutable.
 */
public final class ShcIssuer {
    private static final int MAX_KEYS = 64;
    private final String issuer;
    private final Map<String, IssuerKey> keys;
    private final Map<String, RevocationList> revocationLists;

    private ShcIssuer(String issuer, Map<String, IssuerKey> keys, Map<String, RevocationList> revocationLists) {
        this.issuer = issuer;
        this.keys = keys;
        this.revocationLists = revocationLists;
    }

    public static ShcIssuer of(String issuer, CBORObject jwks, List<CBORObject> crls) throws TrustException {
        List<String> problems = new ArrayList<>();
        Map<String, IssuerKey> keys = new HashMap<>();
        CBORObject keyArray = Json.isObject(jwks) ? jwks.get("keys") : null;
        if (!Json.isArray(keyArray) || keyArray.size() > MAX_KEYS) {
            throw new TrustException("JWK set of " + issuer + ": found no \"keys\" array of at most " + MAX_KEYS
                    + " keys, expected one");
        }
        for (int i = 0; i < keyArray.size(); i++) {
            IssuerKey.parse(keyArray.get(i), i, issuer, problems).ifPresent(key -> {
                if (keys.putIfAbsent(key.kid(), key) != null) {
                    problems.add("key " + key.kid() + " is listed twice");
                }
            });
        }
        Map<String, RevocationList> lists = new HashMap<>();
        for (int i = 0; i < crls.size(); i++) {
            String name = "CRL " + i;
            Optional<RevocationList> parsed = RevocationList.parse(crls.get(i), name, problems);
            if (parsed.isEmpty()) {
                continue;
            }
            RevocationList list = parsed.get();
            IssuerKey key = keys.get(list.kid());
            if (key == null) {
                problems.add(name + ": names the kid " + list.kid() + ", which is not a key of this issuer");
            } else if (key.crlVersion() != 0 && key.crlVersion() != list.counter()) {
                problems.add(name + ": found ctr " + list.counter() + ", expected the key's crlVersion "
                        + key.crlVersion());
            } else if (lists.putIfAbsent(list.kid(), list) != null) {
                problems.add(name + ": a second CRL for the kid " + list.kid());
            }
        }
        if (!problems.isEmpty()) {
            throw new TrustException("JWK set of " + (issuer.isEmpty() ? "an unnamed issuer" : issuer) + ": "
                    + String.join("; ", problems));
        }
        return new ShcIssuer(issuer, Map.copyOf(keys), Map.copyOf(lists));
    }

    public String issuer() {
        return issuer;
    }

    public Optional<IssuerKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** The revocation list of a key, when one was given with the issuer. */
    public Optional<RevocationList> revocationList(String kid) {
        return Optional.ofNullable(revocationLists.get(kid));
    }
}
