package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The card revocation list (CRL) of one SMART Health Cards issuer key, version 1 of the specification's format:
 * <pre>
 *   {"kid": "&lt;key id&gt;", "method": "rid", "ctr": 3, "rids": ["vwAjHdarZuc.1687450765", "FKDIxsTCGlU", ...]}
 *   rid       = 1 to 24 base64url characters
 *   timestamp = seconds since 1970-01-01T00:00:00Z, after a '.'
 * </pre>
 * A card is revoked when its {@code rid} is listed without a timestamp, or with a timestamp later than the card's
 * {@code nbf} (the card was issued before the revocation). A list with another method, a bad entry, or a rid
 * listed twice is refused whole, with every problem named, rather than read in part. Kept in memory; the list is
 * immutable once parsed.
 */
public final class RevocationList {
    private static final int MAX_RIDS = 100_000;
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_-]{1,24})(?:\\.(\\d{1,12}))?");
    private final String kid;
    private final int counter;
    private final Map<String, Long> revokedBefore;

    private RevocationList(String kid, int counter, Map<String, Long> revokedBefore) {
        this.kid = kid;
        this.counter = counter;
        this.revokedBefore = revokedBefore;
    }

    public String kid() {
        return kid;
    }

    public int counter() {
        return counter;
    }

    /** True when the list revokes the card with this rid and not-before time (seconds). */
    public boolean revokes(String rid, double notBefore) {
        Long before = rid == null ? null : revokedBefore.get(rid);
        return before != null && (before == Long.MAX_VALUE || notBefore < before);
    }

    /** Parses one list; on failure adds every problem, prefixed with {@code name}, and returns empty. */
    static Optional<RevocationList> parse(CBORObject crl, String name, List<String> problems) {
        int before = problems.size();
        if (!Json.isObject(crl)) {
            problems.add(name + ": found no JSON object, expected a CRL");
            return Optional.empty();
        }
        String kid = Json.string(crl, "kid").orElse(null);
        if (kid == null || kid.isEmpty()) {
            problems.add(name + ": found no kid");
        }
        String method = Json.string(crl, "method").orElse(null);
        if (!"rid".equals(method)) {
            problems.add(name + ": found method " + (method == null ? "missing" : "'" + method + "'")
                    + ", expected 'rid'");
        }
        OptionalDouble ctr = Json.number(crl, "ctr");
        boolean counterOk = ctr.isPresent() && ctr.getAsDouble() >= 1 && ctr.getAsDouble() <= Integer.MAX_VALUE
                && ctr.getAsDouble() == Math.rint(ctr.getAsDouble());
        if (!counterOk) {
            problems.add(name + ": found a ctr that is not a positive integer");
        }
        Map<String, Long> revoked = rids(crl.get("rids"), name, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RevocationList(kid, (int) ctr.getAsDouble(), Map.copyOf(revoked)));
    }

    private static Map<String, Long> rids(CBORObject rids, String name, List<String> problems) {
        Map<String, Long> revoked = new HashMap<>();
        if (!Json.isArray(rids) || rids.size() > MAX_RIDS) {
            problems.add(name + ": found no rids array of at most " + MAX_RIDS + " entries");
            return revoked;
        }
        for (int i = 0; i < rids.size(); i++) {
            CBORObject item = rids.get(i);
            Matcher entry = item.getType() == CBORType.TextString ? ENTRY.matcher(item.AsString()) : null;
            if (entry == null || !entry.matches()) {
                problems.add(name + ": rids entry " + i + " is not a rid of 1 to 24 base64url characters with an "
                        + "optional .timestamp");
                continue;
            }
            long timestamp = entry.group(2) == null ? Long.MAX_VALUE : Long.parseLong(entry.group(2));
            if (revoked.put(entry.group(1), timestamp) != null) {
                problems.add(name + ": rids entry " + i + " lists the rid " + entry.group(1) + " a second time");
            }
        }
        return revoked;
    }
}
