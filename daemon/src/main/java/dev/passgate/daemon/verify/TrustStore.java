package dev.passgate.daemon.verify;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.schema.ValueSets;
import dev.passgate.daemon.verify.shc.ShcIssuer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys a kiosk trusts, looked up by key id: EU DCC document signer certificates (key id = the first 8 bytes
 * of SHA-256 over the certificate's DER encoding), SMART Health Cards issuers (by {@code iss}, with their
 * public JWK set and the revocation lists of their keys, checked by {@link ShcIssuer}) and passgate PG1 issuers
 * (Ed25519 keys by base64 key id). Immutable once built; building it from files is {@link TrustSources}' job.
 */
public final class TrustStore {
    private static final int DCC_KID_LENGTH = 8;
    private final Map<String, List<X509Certificate>> certificatesByKid;
    private final Map<String, CBORObject> jwkSetsByIssuer;
    private final Map<String, ShcIssuer> shcIssuers;
    private final Map<String, PublicKey> issuerKeysByKid;
    /** Revoked PG1 passes as "c:" credential digest, "h:" holder key hash or "i:" issuer key id, in base64. */
    private final Set<String> pg1Revoked;
    private final boolean pg1Listed;
    private final Optional<ValueSets> valueSets;

    private TrustStore(Map<String, List<X509Certificate>> certificatesByKid, Map<String, CBORObject> jwkSets,
                       Map<String, ShcIssuer> shcIssuers, Map<String, PublicKey> issuerKeys, Set<String> pg1Revoked,
                       boolean pg1Listed, Optional<ValueSets> valueSets) {
        this.certificatesByKid = certificatesByKid;
        this.jwkSetsByIssuer = jwkSets;
        this.shcIssuers = shcIssuers;
        this.issuerKeysByKid = issuerKeys;
        this.pg1Revoked = pg1Revoked;
        this.pg1Listed = pg1Listed;
        this.valueSets = valueSets;
    }

    /**
     * The EU value sets the schema step checks coded fields against, when the trust data brings its own (a trust
     * bundle's {@code value-sets} section over the shipped copy); empty means the shipped copy.
     */
    public Optional<ValueSets> valueSets() {
        return valueSets;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TrustStore empty() {
        return builder().build();
    }

    /** The certificates whose key id equals {@code kid} exactly; a shortened kid matches nothing. */
    public List<X509Certificate> certificates(byte[] kid) {
        return certificatesByKid.getOrDefault(Base64.getEncoder().encodeToString(kid), List.of());
    }

    public Optional<CBORObject> jwkSet(String issuer) {
        return Optional.ofNullable(jwkSetsByIssuer.get(issuer));
    }

    /** The SMART Health Cards issuer with this {@code iss}: its checked keys and revocation lists. */
    public Optional<ShcIssuer> shcIssuer(String issuer) {
        return Optional.ofNullable(shcIssuers.get(issuer));
    }

    /** A passgate (PG1) issuer's public key by its base64 key id. */
    public Optional<PublicKey> issuerKey(String kid) {
        return Optional.ofNullable(issuerKeysByKid.get(kid));
    }

    /** Whether PG1 revocation data is in use (a bundle with a pg1-revocation section), even an empty list. */
    public boolean pg1RevocationListed() {
        return pg1Listed;
    }

    /**
     * Why a PG1 pass is revoked, checked by its credential digest, the SHA-256 of its holder's raw public key, and
     * its issuer key id (base64); empty when none of them is listed.
     */
    public Optional<String> pg1Revocation(byte[] credentialDigest, byte[] holderKeySha256, String issuerKid) {
        Base64.Encoder base64 = Base64.getEncoder();
        if (pg1Revoked.contains("c:" + base64.encodeToString(credentialDigest))) {
            return Optional.of("credential digest");
        }
        if (pg1Revoked.contains("h:" + base64.encodeToString(holderKeySha256))) {
            return Optional.of("holder key");
        }
        return pg1Revoked.contains("i:" + issuerKid) ? Optional.of("issuer key id") : Optional.empty();
    }

    public int size() {
        return certificatesByKid.values().stream().mapToInt(List::size).sum() + jwkSetsByIssuer.size()
                + issuerKeysByKid.size();
    }

    /** The EU DCC key id of a certificate: the first 8 bytes of SHA-256 over its DER encoding. */
    public static byte[] dccKeyId(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Arrays.copyOf(digest, DCC_KID_LENGTH);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute a key id", e);
        }
    }

    /** Collects trust entries; later entries add to earlier ones. */
    public static final class Builder {
        private final Map<String, List<X509Certificate>> certificates = new HashMap<>();
        private final Map<String, CBORObject> jwkSets = new HashMap<>();
        private final Map<String, ShcIssuer> shcIssuers = new HashMap<>();
        private final Map<String, PublicKey> issuerKeys = new HashMap<>();
        private final Set<String> pg1Revoked = new HashSet<>();
        private Optional<ValueSets> valueSets = Optional.empty();
        private boolean pg1Listed;

        /** Adds revoked PG1 passes: base64 credential digests, holder key hashes and issuer key ids. */
        public Builder revokePg1(Set<String> credentials, Set<String> holderKeys, Set<String> issuers) {
            credentials.forEach(c -> pg1Revoked.add("c:" + c));
            holderKeys.forEach(h -> pg1Revoked.add("h:" + h));
            issuers.forEach(i -> pg1Revoked.add("i:" + i));
            pg1Listed = true;
            return this;
        }

        public Builder add(X509Certificate certificate) {
            String kid = Base64.getEncoder().encodeToString(dccKeyId(certificate));
            List<X509Certificate> list = certificates.computeIfAbsent(kid, k -> new ArrayList<>());
            if (!list.contains(certificate)) {
                list.add(certificate);
            }
            return this;
        }

        public Builder addAll(TrustStore other) {
            other.certificatesByKid.values().forEach(list -> list.forEach(this::add));
            jwkSets.putAll(other.jwkSetsByIssuer);
            shcIssuers.putAll(other.shcIssuers);
            pg1Revoked.addAll(other.pg1Revoked);
            pg1Listed |= other.pg1Listed;
            if (other.valueSets.isPresent()) {
                valueSets = other.valueSets;
            }
            issuerKeys.putAll(other.issuerKeysByKid);
            return this;
        }

        /** Sets the value sets the schema step checks against (see {@link TrustStore#valueSets()}). */
        public Builder valueSets(ValueSets sets) {
            valueSets = Optional.of(sets);
            return this;
        }

        /** Adds a passgate (PG1) issuer's public key under its base64 key id. */
        public Builder add(String kid, PublicKey key) {
            issuerKeys.put(kid, key);
            return this;
        }

        /** Adds an issuer's public JWK set; a set that holds a private key is refused. */
        public Builder addJwkSet(String issuer, CBORObject jwks) throws TrustException {
            return addJwkSet(issuer, jwks, List.of());
        }

        /**
         * Adds an issuer's public JWK set with the revocation lists of its keys, replacing an earlier entry of the
         * same issuer. A set that holds a private key, or that {@link ShcIssuer} refuses, is refused.
         */
        public Builder addJwkSet(String issuer, CBORObject jwks, List<CBORObject> crls) throws TrustException {
            CBORObject keys = jwks.get("keys");
            if (keys == null || keys.getType() != com.upokecenter.cbor.CBORType.Array) {
                throw new TrustException("JWK set of " + issuer + ": found no \"keys\" array, expected one");
            }
            for (CBORObject key : keys.getValues()) {
                if (key.ContainsKey("d")) {
                    throw new TrustException("JWK set of " + issuer + ": found a private key (\"d\"), "
                            + "expected public keys only");
                }
            }
            shcIssuers.put(issuer, ShcIssuer.of(issuer, jwks, crls));
            jwkSets.put(issuer, jwks);
            return this;
        }

        public TrustStore build() {
            Map<String, List<X509Certificate>> copy = new HashMap<>();
            certificates.forEach((kid, list) -> copy.put(kid, List.copyOf(list)));
            return new TrustStore(Map.copyOf(copy), Map.copyOf(jwkSets), Map.copyOf(shcIssuers),
                    Map.copyOf(issuerKeys), Set.copyOf(pg1Revoked), pg1Listed, valueSets);
        }
    }
}
