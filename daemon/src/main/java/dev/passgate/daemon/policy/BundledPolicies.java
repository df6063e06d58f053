package dev.passgate.daemon.policy;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policies a trust bundle delivers, compiled from its {@code rule-sets} and {@code value-sets} sections.
 *
 * <p>Each rule set is a policy file ({@link PolicyFile}, format version 1) whose {@code name} is the rule set's
 * name; it is selectable by that name in {@code verify.policy} and on {@code verify --policy}, and a rule set
 * named like a shipped policy ({@code kr-2022}, {@code eu-2022}) replaces it while the bundle is installed, so
 * rules change without a new jar. {@code none} cannot be replaced.
 *
 * <p>The value sets are an object keyed by value set id; each value is either an array (used as it is), or an
 * object whose keys are the values: the EU DCC gateway's shape {@code {"valueSetId": .., "valueSetValues": {CODE:
 * {..}}}} gives the keys of {@code valueSetValues}, any other object its own keys. Every rule policy in use, shipped
 * or bundled, reads them as {@code external.valueSets.ID}, replacing a set of the same id in the policy file.
 *
 * <p>Compiling never throws: a section the kiosk cannot use gives {@link #errors()}, each naming the section, the
 * key, what was found and what was expected; a bundle with errors is refused at {@code bundle make} and at install.
 */
public final class BundledPolicies {
    /** No bundle: the shipped policies as they are. */
    public static final BundledPolicies NONE = new BundledPolicies(Map.of(), CBORObject.NewOrderedMap(), List.of());

    private final Map<String, Policy> policies;
    private final CBORObject valueSets;
    private final List<String> errors;

    private BundledPolicies(Map<String, Policy> policies, CBORObject valueSets, List<String> errors) {
        this.policies = policies;
        this.valueSets = valueSets;
        this.errors = errors;
    }

    /** Compiles a bundle's rule sets (name to JSON) and value sets. */
    public static BundledPolicies compile(Map<String, CBORObject> ruleSets, Optional<CBORObject> valueSetSection) {
        List<String> errors = new ArrayList<>();
        CBORObject valueSets = valueSetSection.map(v -> valueSets(v, errors)).orElse(CBORObject.NewOrderedMap());
        Map<String, Policy> policies = new LinkedHashMap<>();
        for (Map.Entry<String, CBORObject> set : ruleSets.entrySet()) {
            String source = "rule-sets." + set.getKey();
            if (set.getKey().equals("none")) {
                errors.add(source + ": found the name \"none\", expected a name other than the built-in \"none\"");
                continue;
            }
            PolicyFile.Result read = PolicyFile.parse(source, set.getValue().ToJSONString());
            if (!read.ok()) {
                errors.addAll(read.errors());
            } else if (!read.policy().name().equals(set.getKey())) {
                errors.add(source + ": name: found \"" + read.policy().name() + "\", expected \"" + set.getKey()
                        + "\", the rule set's name in the bundle");
            } else {
                policies.put(set.getKey(), read.policy().withValueSets(valueSets));
            }
        }
        return errors.isEmpty() ? new BundledPolicies(Map.copyOf(policies), valueSets, List.of())
                : new BundledPolicies(Map.of(), CBORObject.NewOrderedMap(), List.copyOf(errors));
    }

    /** Why the sections cannot be used; empty when they can. */
    public List<String> errors() {
        return errors;
    }

    /** The names of the bundle's own policies. */
    public List<String> bundled() {
        return List.copyOf(new java.util.TreeSet<>(policies.keySet()));
    }

    /** The policy of that name: the bundle's, else the shipped one with the bundle's value sets; empty if neither. */
    public Optional<Policy> named(String name) {
        Policy bundled = policies.get(name);
        if (bundled != null) {
            return Optional.of(bundled);
        }
        return Policies.named(name).map(p -> p instanceof RulePolicy rule && valueSets.size() > 0
                ? rule.withValueSets(valueSets) : p);
    }

    /** The bundle's value sets, normalised to value set id → array of codes (empty object when it has none). */
    public CBORObject valueSets() {
        return valueSets;
    }

    /** Every name {@link #named} knows: the shipped ones, then the bundle's own. */
    public List<String> names() {
        List<String> names = new ArrayList<>(Policies.names());
        bundled().stream().filter(n -> !names.contains(n)).forEach(names::add);
        return List.copyOf(names);
    }

    private static CBORObject valueSets(CBORObject section, List<String> errors) {
        CBORObject sets = CBORObject.NewOrderedMap();
        if (section.getType() != CBORType.Map) {
            errors.add("value-sets: found a " + section.getType() + ", expected an object keyed by value set id");
            return sets;
        }
        for (CBORObject key : section.getKeys()) {
            CBORObject value = section.get(key);
            CBORObject values = value.getType() == CBORType.Map && value.get("valueSetValues") != null
                    ? value.get("valueSetValues") : value;
            if (values.getType() == CBORType.Array) {
                sets.Add(key, values);
            } else if (values.getType() == CBORType.Map) {
                CBORObject keys = CBORObject.NewArray();
                values.getKeys().forEach(keys::Add);
                sets.Add(key, keys);
            } else {
                errors.add("value-sets." + key.AsString() + ": found a " + values.getType() + ", expected an array of"
                        + " values or an object keyed by value");
            }
        }
        return sets;
    }
}
