package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON sections of a trust bundle, parsed: EU DCC document signers, SMART Health Cards issuers with their JWK
 * sets, passgate dynamic-pass (PG1) issuer keys, named rule sets and the value sets. Rule sets and value sets are
 * opaque JSON here; the policy engine gives them meaning. Revocation data is not held here, because it may be far
 * too large for the heap: {@link TrustBundle#revocations()} streams it from the file.
 */
public record BundleContent(List<DccSigner> dccSigners, List<ShcIssuer> shcIssuers, List<Pg1Key> pg1Keys,
                            Map<String, CBORObject> ruleSets, Optional<CBORObject> valueSets) {

    /** An EU DCC document signer certificate with its issuing country and key id (base64 of 8 bytes). */
    public record DccSigner(String country, String kid, X509Certificate certificate) {
    }

    /** A SMART Health Cards issuer ({@code iss}) and its public JWK set ({@code {"keys": [...]}}). */
    public record ShcIssuer(String iss, CBORObject jwks) {
    }

    /** A passgate dynamic-pass issuer key: an id, the algorithm ({@code Ed25519}) and the public key. */
    public record Pg1Key(String id, String alg, PublicKey key) {
    }

    public static final BundleContent EMPTY = new BundleContent(List.of(), List.of(), List.of(), Map.of(),
            Optional.empty());

    public BundleContent {
        dccSigners = List.copyOf(dccSigners);
        shcIssuers = List.copyOf(shcIssuers);
        pg1Keys = List.copyOf(pg1Keys);
        ruleSets = Collections.unmodifiableMap(new LinkedHashMap<>(ruleSets));
    }

    /** Whether the section of this type has anything to write; revocation is not content and answers false. */
    boolean has(SectionType type) {
        return switch (type) {
            case DCC_SIGNERS -> !dccSigners.isEmpty();
            case SHC_ISSUERS -> !shcIssuers.isEmpty();
            case PG1_KEYS -> !pg1Keys.isEmpty();
            case RULE_SETS -> !ruleSets.isEmpty();
            case VALUE_SETS -> valueSets.isPresent();
            case REVOCATION -> false;
        };
    }
}
