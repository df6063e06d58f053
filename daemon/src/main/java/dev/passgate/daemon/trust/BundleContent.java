package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON sections of a trust bundle, parsed: EU DCC document signers, SMART Health Cards issuers with their JWK
 * sets, passgate dynamic-pass (PG1) issuer keys, named rule sets and the value sets. Rule sets and value sets are
 * opaque JSON here; the policy engine gives them meaning. Revocation data is not held here, because it may be far
 * too large for the heap: {@link TrustBundle#revocations()} streams it from the file.
 */
public record BundleContent(List<DccSigner> dccSigners, List<ShcIssuer> shcIssuers, List<Pg1Key> pg1Keys,
                            Map<String, CBORObject> ruleSets, Optional<CBORObject> valueSets,
                            Pg1Revocations pg1Revocations) {

    /** An EU DCC document signer certificate with its issuing country and key id (base64 of 8 bytes). */
    public record DccSigner(String country, String kid, X509Certificate certificate) {
    }

    /** A SMART Health Cards issuer ({@code iss}) and its public JWK set ({@code {"keys": [...]}}). */
    public record ShcIssuer(String iss, CBORObject jwks) {
    }

    /** A passgate dynamic-pass issuer key: an id, the algorithm ({@code Ed25519}) and the public key. */
    public record Pg1Key(String id, String alg, PublicKey key) {
    }

    /**
     * Revoked PG1 passes, each set of base64 texts: {@code credentials}, the SHA-256 of a credential (the digest
     * its presentations sign); {@code holderKeys}, the SHA-256 of a holder's 32 raw public key bytes;
     * {@code issuers}, PG1 issuer key ids (every pass of that key is revoked).
     */
    public record Pg1Revocations(Set<String> credentials, Set<String> holderKeys, Set<String> issuers) {
        public static final Pg1Revocations NONE = new Pg1Revocations(Set.of(), Set.of(), Set.of());

        public Pg1Revocations {
            credentials = Set.copyOf(credentials);
            holderKeys = Set.copyOf(holderKeys);
            issuers = Set.copyOf(issuers);
        }

        public boolean isEmpty() {
            return credentials.isEmpty() && holderKeys.isEmpty() && issuers.isEmpty();
        }
    }

    public static final BundleContent EMPTY = new BundleContent(List.of(), List.of(), List.of(), Map.of(),
            Optional.empty());

    /** Content without PG1 revocations. */
    public BundleContent(List<DccSigner> dccSigners, List<ShcIssuer> shcIssuers, List<Pg1Key> pg1Keys,
                         Map<String, CBORObject> ruleSets, Optional<CBORObject> valueSets) {
        this(dccSigners, shcIssuers, pg1Keys, ruleSets, valueSets, Pg1Revocations.NONE);
    }

    /** This content with {@code revocations} as its PG1 revocations. */
    public BundleContent withPg1Revocations(Pg1Revocations revocations) {
        return new BundleContent(dccSigners, shcIssuers, pg1Keys, ruleSets, valueSets, revocations);
    }

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
            case PG1_REVOCATION -> !pg1Revocations.isEmpty();
            case REVOCATION -> false;
        };
    }
}
