package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.trust.BundleContent.DccSigner;
import dev.passgate.daemon.trust.BundleContent.Pg1Key;
import dev.passgate.daemon.trust.BundleContent.ShcIssuer;
import dev.passgate.daemon.verify.TrustStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON sections of a trust bundle, read strictly and written in a fixed key order. See {@code
 * docs/trust-bundle.md} for the schemas; every limit here is in that document too.
 */
final class SectionCodecs {
    static final int MAX_CERTIFICATES = 100_000;
    static final int MAX_ISSUERS = 10_000;
    static final int MAX_KEYS = 10_000;
    static final int MAX_RULE_SETS = 1_000;
    static final int MAX_PG1_REVOCATIONS = 100_000;
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** A PG1 key's id: a name, or the base64 key id that {@code passgate issuer init} prints. */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._+/=-]{1,64}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private SectionCodecs() {
    }

    static byte[] encode(SectionType type, BundleContent content) {
        CBORObject json = switch (type) {
            case DCC_SIGNERS -> {
                CBORObject list = CBORObject.NewArray();
                for (DccSigner signer : content.dccSigners()) {
                    list.Add(CBORObject.NewOrderedMap().Add("kid", signer.kid()).Add("country", signer.country())
                            .Add("certificateType", "DSC").Add("rawData", base64(der(signer.certificate()))));
                }
                yield CBORObject.NewOrderedMap().Add("certificates", list);
            }
            case SHC_ISSUERS -> {
                CBORObject list = CBORObject.NewArray();
                content.shcIssuers().forEach(i -> list.Add(CBORObject.NewOrderedMap().Add("iss", i.iss())
                        .Add("jwks", i.jwks())));
                yield CBORObject.NewOrderedMap().Add("issuers", list);
            }
            case PG1_KEYS -> {
                CBORObject list = CBORObject.NewArray();
                content.pg1Keys().forEach(k -> list.Add(CBORObject.NewOrderedMap().Add("id", k.id())
                        .Add("alg", k.alg()).Add("publicKey", base64(RootKeys.raw(k.key())))));
                yield CBORObject.NewOrderedMap().Add("keys", list);
            }
            case RULE_SETS -> {
                CBORObject sets = CBORObject.NewOrderedMap();
                content.ruleSets().forEach(sets::Add);
                yield CBORObject.NewOrderedMap().Add("ruleSets", sets);
            }
            case VALUE_SETS -> content.valueSets().orElseThrow();
            case PG1_REVOCATION -> {
                BundleContent.Pg1Revocations revoked = content.pg1Revocations();
                yield CBORObject.NewOrderedMap().Add("credentials", sorted(revoked.credentials()))
                        .Add("holderKeys", sorted(revoked.holderKeys())).Add("issuers", sorted(revoked.issuers()));
            }
            case REVOCATION -> throw new IllegalArgumentException("the revocation section is not JSON");
        };
        return json.ToJSONString().getBytes(StandardCharsets.UTF_8);
    }

    static List<DccSigner> dccSigners(byte[] bytes) throws BundleException {
        String what = "dcc-signers";
        CBORObject root = BoundedJson.object(BoundedJson.parse(bytes, what), what, Set.of("certificates"), Set.of());
        CBORObject list = BoundedJson.array(root.get("certificates"), what + " certificates", MAX_CERTIFICATES);
        List<DccSigner> signers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = what + " certificates[" + i + "]";
            CBORObject entry = BoundedJson.object(list.get(i), at,
                    Set.of("kid", "country", "certificateType", "rawData"), Set.of());
            String type = BoundedJson.text(entry.get("certificateType"), at + " certificateType", 32);
            if (!type.equals("DSC")) {
                throw new BundleException(at + ": found certificateType \"" + type + "\", expected \"DSC\"");
            }
            signers.add(dccSigner(BoundedJson.text(entry.get("country"), at + " country", 2),
                    BoundedJson.text(entry.get("kid"), at + " kid", 64),
                    BoundedJson.base64(entry.get("rawData"), at + " rawData", 64 * 1024), at));
        }
        return signers;
    }

    /** Checks one signer: a two-letter country, an X.509 certificate, and a kid that is the certificate's. */
    static DccSigner dccSigner(String country, String kid, byte[] der, String what) throws BundleException {
        if (!COUNTRY.matcher(country).matches()) {
            throw new BundleException(what + ": found country \"" + country + "\", expected two capital letters");
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new BundleException(what + ": found rawData that is not an X.509 certificate", e);
        }
        String computed = base64(TrustStore.dccKeyId(certificate));
        if (!computed.equals(kid)) {
            throw new BundleException(what + ": found kid \"" + kid + "\", expected \"" + computed
                    + "\" (the first 8 bytes of SHA-256 over the certificate)");
        }
        return new DccSigner(country, kid, certificate);
    }

    static List<ShcIssuer> shcIssuers(byte[] bytes) throws BundleException {
        String what = "shc-issuers";
        CBORObject root = BoundedJson.object(BoundedJson.parse(bytes, what), what, Set.of("issuers"), Set.of());
        CBORObject list = BoundedJson.array(root.get("issuers"), what + " issuers", MAX_ISSUERS);
        List<ShcIssuer> issuers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = what + " issuers[" + i + "]";
            CBORObject entry = BoundedJson.object(list.get(i), at, Set.of("iss", "jwks"), Set.of());
            issuers.add(shcIssuer(BoundedJson.text(entry.get("iss"), at + " iss", 512), entry.get("jwks"), at));
        }
        return issuers;
    }

    /** Checks one issuer: an iss without '#', and a JWK set of public keys each with a kid. */
    static ShcIssuer shcIssuer(String iss, CBORObject jwks, String what) throws BundleException {
        if (iss.indexOf('#') >= 0) {
            throw new BundleException(what + ": found iss \"" + iss + "\", expected a URL without '#'");
        }
        CBORObject keys = BoundedJson.array(BoundedJson.object(jwks, what + " jwks", Set.of("keys"), Set.of())
                .get("keys"), what + " jwks keys", MAX_KEYS);
        for (int k = 0; k < keys.size(); k++) {
            CBORObject key = keys.get(k);
            if (key.getType() != CBORType.Map || key.ContainsKey("d") || !key.ContainsKey("kid")) {
                throw new BundleException(what + " jwks keys[" + k + "]: found a key that is private or has no "
                        + "\"kid\", expected a public JWK with a kid");
            }
        }
        return new ShcIssuer(iss, jwks);
    }

    /**
     * Reads a {@code pg1-revocation} section: {@code {"credentials": [..], "holderKeys": [..], "issuers": [..]}},
     * each optional, each an array of base64 texts: 32-byte SHA-256 digests for the first two, 8-byte key ids for
     * the issuers; at most {@link #MAX_PG1_REVOCATIONS} in all.
     */
    static BundleContent.Pg1Revocations pg1Revocations(byte[] bytes) throws BundleException {
        String what = "pg1-revocation";
        CBORObject root = BoundedJson.object(BoundedJson.parse(bytes, what), what, Set.of(),
                Set.of("credentials", "holderKeys", "issuers"));
        return new BundleContent.Pg1Revocations(digests(root, "credentials", 32), digests(root, "holderKeys", 32),
                digests(root, "issuers", 8));
    }

    private static Set<String> digests(CBORObject root, String key, int length) throws BundleException {
        String at = "pg1-revocation " + key;
        if (root.get(key) == null) {
            return Set.of();
        }
        CBORObject list = BoundedJson.array(root.get(key), at, MAX_PG1_REVOCATIONS);
        Set<String> values = new java.util.TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            byte[] value = BoundedJson.base64(list.get(i), at + "[" + i + "]", 64);
            if (value.length != length) {
                throw new BundleException(at + "[" + i + "]: found " + value.length + " bytes, expected " + length);
            }
            values.add(base64(value));
        }
        return values;
    }

    private static CBORObject sorted(Set<String> values) {
        CBORObject array = CBORObject.NewArray();
        new java.util.TreeSet<>(values).forEach(array::Add);
        return array;
    }

    static List<Pg1Key> pg1Keys(byte[] bytes) throws BundleException {
        String what = "pg1-keys";
        CBORObject root = BoundedJson.object(BoundedJson.parse(bytes, what), what, Set.of("keys"), Set.of());
        CBORObject list = BoundedJson.array(root.get("keys"), what + " keys", MAX_KEYS);
        List<Pg1Key> keys = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = what + " keys[" + i + "]";
            CBORObject entry = BoundedJson.object(list.get(i), at, Set.of("id", "alg", "publicKey"), Set.of());
            String alg = BoundedJson.text(entry.get("alg"), at + " alg", 32);
            if (!alg.equals(RootKeys.ALGORITHM)) {
                throw new BundleException(at + ": found alg \"" + alg + "\", expected \"Ed25519\"");
            }
            keys.add(new Pg1Key(keyId(entry.get("id"), at + " id"), alg,
                    ed25519(BoundedJson.base64(entry.get("publicKey"), at + " publicKey", 64), at)));
        }
        return keys;
    }

    static Map<String, CBORObject> ruleSets(byte[] bytes) throws BundleException {
        String what = "rule-sets";
        CBORObject root = BoundedJson.object(BoundedJson.parse(bytes, what), what, Set.of("ruleSets"), Set.of());
        CBORObject sets = root.get("ruleSets");
        if (sets.getType() != CBORType.Map || sets.size() > MAX_RULE_SETS) {
            throw new BundleException(what + ": found ruleSets that is not an object of at most " + MAX_RULE_SETS
                    + " entries, expected one");
        }
        Map<String, CBORObject> named = new LinkedHashMap<>();
        for (CBORObject key : sets.getKeys()) {
            named.put(name(key, what + " name"), sets.get(key));
        }
        return named;
    }

    static CBORObject valueSets(byte[] bytes) throws BundleException {
        CBORObject root = BoundedJson.parse(bytes, "value-sets");
        if (root.getType() != CBORType.Map && root.getType() != CBORType.Array) {
            throw new BundleException("value-sets: found a " + root.getType() + ", expected an object or array");
        }
        return root;
    }

    private static PublicKey ed25519(byte[] raw, String what) throws BundleException {
        try {
            return RootKeys.fromRaw(raw);
        } catch (BundleException e) {
            throw new BundleException(what + " publicKey: " + e.getMessage(), e);
        }
    }

    static String keyId(CBORObject value, String what) throws BundleException {
        String text = BoundedJson.text(value, what, 64);
        if (!KEY_ID.matcher(text).matches()) {
            throw new BundleException(what + ": found \"" + text + "\", expected 1..64 of A-Z a-z 0-9 . _ - + / =");
        }
        return text;
    }

    static String name(CBORObject value, String what) throws BundleException {
        String text = BoundedJson.text(value, what, 64);
        if (!NAME.matcher(text).matches()) {
            throw new BundleException(what + ": found \"" + text + "\", expected 1..64 of A-Z a-z 0-9 . _ -");
        }
        return text;
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
