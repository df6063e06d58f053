package dev.passgate.daemon.verify.schema;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The EU DCC value sets, and the check that a certificate's coded fields hold codes from them. The value sets are
 * read in the compressed form the EU business-rule tooling uses, one JSON object mapping a value set id to its
 * codes:
 *
 * <pre>
 *   {"disease-agent-targeted": ["840539006"], "vaccines-covid-19-names": ["EU/1/20/1528", ...], ...}
 * </pre>
 *
 * The shipped copy ({@code eu-dcc-valuesets/valueSets.json} beside this class, upstream data of 2023-04-13, see
 * its NOTICE) is the default; {@link #parse} reads another copy of the same form (for a trust bundle that carries
 * newer ones). The fields checked are {@link #FIELDS}: a field that is absent, or not a text string, is left to the
 * schema; a value set the copy lacks checks nothing. A finding is a schema warning, never a rejection: real
 * issuers used codes before the value sets listed them. Findings name the field and the value set, never the
 * code (it is input) or the holder.
 */
public final class ValueSets {
    /** For each group, the coded fields and the value set each must come from. */
    static final Map<String, Map<String, String>> FIELDS = Map.of(
            "v", Map.of("tg", "disease-agent-targeted", "vp", "sct-vaccines-covid-19",
                    "mp", "vaccines-covid-19-names", "ma", "vaccines-covid-19-auth-holders", "co", "country-2-codes"),
            "t", Map.of("tg", "disease-agent-targeted", "tt", "covid-19-lab-test-type", "tr", "covid-19-lab-result",
                    "ma", "covid-19-lab-test-manufacturer-and-name", "co", "country-2-codes"),
            "r", Map.of("tg", "disease-agent-targeted", "co", "country-2-codes"));
    private static final List<String> GROUPS = List.of("v", "t", "r");
    private static final int MAX_CODES = 10_000;
    private static final String SHIPPED = "eu-dcc-valuesets/valueSets.json";
    private final Map<String, Set<String>> sets;

    private ValueSets(Map<String, Set<String>> sets) {
        this.sets = sets;
    }

    /** The copy that ships with passgate. */
    public static ValueSets shipped() {
        try (InputStream in = ValueSets.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SHIPPED);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .orElseThrow(() -> new IllegalStateException("the shipped " + SHIPPED + " is not valid"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SHIPPED, e);
        }
    }

    /** Value sets in the compressed form, or empty when {@code json} is not an object of arrays of strings. */
    public static Optional<ValueSets> parse(String json) {
        CBORObject root;
        try {
            root = CBORObject.FromJSONString(json);
        } catch (CBORException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (root.getType() != CBORType.Map) {
            return Optional.empty();
        }
        Map<String, Set<String>> sets = new HashMap<>();
        int codes = 0;
        for (CBORObject key : root.getKeys()) {
            CBORObject list = root.get(key);
            if (key.getType() != CBORType.TextString || list.getType() != CBORType.Array) {
                return Optional.empty();
            }
            Set<String> set = new HashSet<>();
            for (CBORObject code : list.getValues()) {
                if (code.getType() != CBORType.TextString || ++codes > MAX_CODES) {
                    return Optional.empty();
                }
                set.add(code.AsString());
            }
            sets.put(key.AsString(), Set.copyOf(set));
        }
        return Optional.of(new ValueSets(Map.copyOf(sets)));
    }

    /** This copy with every value set {@code newer} holds replacing the one of the same id. */
    public ValueSets updatedBy(ValueSets newer) {
        Map<String, Set<String>> merged = new HashMap<>(sets);
        merged.putAll(newer.sets);
        return new ValueSets(Map.copyOf(merged));
    }

    /** The ids of the value sets this copy holds. */
    public Set<String> ids() {
        return sets.keySet();
    }

    /** Up to {@code max} findings: coded fields whose code is not in their value set, e.g. {@code v[0].mp}. */
    public List<String> violations(CBORObject hcert, int max) {
        List<String> found = new ArrayList<>();
        for (String group : GROUPS) {
            CBORObject entries = hcert.get(group);
            if (entries == null || entries.getType() != CBORType.Array) {
                continue;
            }
            for (int i = 0; i < entries.size() && found.size() < max; i++) {
                CBORObject entry = entries.get(i);
                if (entry.getType() != CBORType.Map) {
                    continue;
                }
                for (Map.Entry<String, String> field : new TreeMap<>(FIELDS.get(group)).entrySet()) {
                    CBORObject value = entry.get(field.getKey());
                    Set<String> set = sets.get(field.getValue());
                    if (value != null && value.getType() == CBORType.TextString && set != null
                            && !set.contains(value.AsString()) && found.size() < max) {
                        found.add(group + "[" + i + "]." + field.getKey() + " is not in the EU value set "
                                + field.getValue());
                    }
                }
            }
        }
        return found;
    }
}
