package dev.passgate.daemon.revocation;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.CwtClaims;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The keys under which an EU DCC can appear on a revocation list, computed as the EU DCC revocation
 * specification (eHealth Network, DCC revocation lists, hash types) defines them. Each is the first 16 bytes
 * (128 bits) of a SHA-256 hash:
 * <ul>
 *   <li>{@code UCI}: SHA-256 of the unique certificate identifier, the {@code ci} field of the pass's
 *       vaccination, test or recovery entry, as UTF-8 bytes exactly as written (prefix {@code URN:UVCI:}
 *       included when present).</li>
 *   <li>{@code COUNTRYCODEUCI}: SHA-256 of the issuing country code followed by the UCI, both UTF-8, with no
 *       separator.</li>
 *   <li>{@code SIGNATURE}: SHA-256 of the COSE_Sign1 signature bytes; for ECDSA (ES256, ES384, ES512) only the
 *       first half of the raw {@code r || s} signature, that is r; for RSA (PS256) the whole signature.</li>
 * </ul>
 *
 * <p>The issuing country is the CWT issuer claim ({@code iss}, claim 1), as the reference verifiers compute it;
 * when the pass has no issuer claim, the {@code co} field of the entry. When both are present and differ, the
 * {@code COUNTRYCODEUCI} key is computed for each, so a list built with either reading matches; for nearly every
 * pass they are the same country and there is one key. The issuing country is also the scope the lookups use.
 * A pass without a {@code ci} has only the signature key. Only the first entry of the first non-empty
 * {@code v}/{@code t}/{@code r} array is read, since a conforming DCC holds exactly one.
 */
public record DccRevocationKeys(String country, String signerScope, List<Probe> probes) {
    private static final int ES256 = -7;
    private static final int ES384 = -35;
    private static final int ES512 = -36;

    /** One key to look up: a kind and its 16-byte hash prefix. */
    public record Probe(RevocationEntry.Kind kind, byte[] prefix16) {
        public Probe {
            prefix16 = prefix16.clone();
        }

        @Override
        public byte[] prefix16() {
            return prefix16.clone();
        }
    }

    public DccRevocationKeys {
        probes = List.copyOf(probes);
    }

    /** Keys looked up by country (and for every country) only. */
    public DccRevocationKeys(String country, List<Probe> probes) {
        this(country, null, probes);
    }

    /** The keys of a pass whose COSE message and claims have been parsed (the signature need not be checked). */
    public static DccRevocationKeys of(CoseSign1 cose, CwtClaims claims) {
        CBORObject entry = firstEntry(claims.hcert());
        String uci = text(entry, "ci");
        String co = text(entry, "co");
        String issuer = claims.issuer() == null || claims.issuer().isBlank() ? null : claims.issuer();
        String country = issuer != null ? issuer : co == null ? "" : co;
        List<Probe> probes = new ArrayList<>();
        int algorithm = cose.algorithm().orElse(0);
        probes.add(new Probe(RevocationEntry.Kind.DCC_SIGNATURE, signatureHash(cose.signature(), algorithm)));
        if (uci != null) {
            probes.add(new Probe(RevocationEntry.Kind.DCC_UCI, uciHash(uci)));
            probes.add(new Probe(RevocationEntry.Kind.DCC_COUNTRYCODEUCI, countryCodeUciHash(country, uci)));
            if (co != null && !co.equals(country)) {
                probes.add(new Probe(RevocationEntry.Kind.DCC_COUNTRYCODEUCI, countryCodeUciHash(co, uci)));
            }
        }
        String signerScope = cose.keyId().filter(kid -> !country.isEmpty())
                .map(kid -> country + "/" + Base64.getEncoder().encodeToString(kid)).orElse(null);
        return new DccRevocationKeys(country, signerScope, probes);
    }

    /** The {@code UCI} key: SHA-256 of the UCI, first 16 bytes. */
    public static byte[] uciHash(String uci) {
        return prefix16(uci.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code COUNTRYCODEUCI} key: SHA-256 of the country code then the UCI, first 16 bytes. */
    public static byte[] countryCodeUciHash(String country, String uci) {
        return prefix16((country + uci).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code SIGNATURE} key of a COSE signature made with the given COSE algorithm. */
    public static byte[] signatureHash(byte[] signature, int coseAlgorithm) {
        boolean ecdsa = coseAlgorithm == ES256 || coseAlgorithm == ES384 || coseAlgorithm == ES512;
        byte[] hashed = ecdsa && signature.length > 1 ? Arrays.copyOf(signature, signature.length / 2) : signature;
        return prefix16(hashed);
    }

    private static byte[] prefix16(byte[] data) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(data), RevocationEntry.DCC_KEY_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static CBORObject firstEntry(CBORObject hcert) {
        for (String type : List.of("v", "t", "r")) {
            CBORObject entries = hcert.get(type);
            if (entries != null && entries.getType() == CBORType.Array && entries.size() > 0
                    && entries.get(0).getType() == CBORType.Map) {
                return entries.get(0);
            }
        }
        return null;
    }

    private static String text(CBORObject map, String key) {
        if (map == null) {
            return null;
        }
        CBORObject value = map.get(key);
        boolean present = value != null && value.getType() == CBORType.TextString && !value.AsString().isBlank();
        return present ? value.AsString() : null;
    }
}
