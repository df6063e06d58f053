package dev.passgate.daemon.policy;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.policy.certlogic.Bounds;
import dev.passgate.daemon.policy.certlogic.CertLogic;
import dev.passgate.daemon.policy.certlogic.Issue;
import dev.passgate.daemon.verify.Verdict;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy file, format version 1: a named rule set in CertLogic, shipped as
 * {@code dev/passgate/daemon/policy/<name>.json}. Strict: unknown keys are errors, and every error is reported
 * at once, each naming the source, the key, what was found and what was expected.
 *
 * <pre>
 * {
 *   "format": "passgate-policy",        required, exactly this text
 *   "version": 1,                        required, 1 (later versions must keep reading version 1 files)
 *   "name": "kr-2022",                   required, a-z 0-9 -, the name Policies.named(..) knows it by
 *   "description": "...",               required, a paragraph for technicians
 *   "timeZone": "Asia/Seoul",            required, a java.time zone id: the policy's calendar days
 *   "valueSets": { "ID": [ ... ] },      optional, lists the rules read as external.valueSets.ID
 *   "rules": [                           required, 1..200 rules, applied in order
 *     {
 *       "id": "KR-V-0003",               required, unique in the file
 *       "certificateType": "v",          required, v | t | r | x (exemption) | any
 *       "description": "...",           required, what the rule checks
 *       "verdict": "NOT_YET_VALID",      required, NOT_YET_VALID | EXPIRED | POLICY_REJECTED
 *       "reason": "...",                 required, one sentence for the answer; never personal data
 *       "logic": { CertLogic },          required, must pass the static validator
 *       "source": "..."                  optional, where the rule comes from (date, announcement)
 *     }
 *   ]
 * }
 * </pre>
 *
 * <p>Each rule is evaluated on <code>{"payload": health data, "external": {...}}</code> as {@link RulePolicy}
 * describes; a rule passes only when it evaluates to {@code true}.
 */
public final class PolicyFile {
    public static final String FORMAT = "passgate-policy";
    public static final int VERSION = 1;
    private static final int MAX_RULES = 200;
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final List<String> TOP_KEYS = List.of("format", "version", "name", "description", "timeZone",
            "valueSets", "rules");
    private static final List<String> RULE_KEYS = List.of("id", "certificateType", "description", "verdict",
            "reason", "logic", "source");
    private static final Set<String> TYPES = Set.of("v", "t", "r", "x", "any");
    private static final Set<Verdict> VERDICTS = Set.of(Verdict.NOT_YET_VALID, Verdict.EXPIRED,
            Verdict.POLICY_REJECTED);

    private final String source;
    private final List<String> errors = new ArrayList<>();

    private PolicyFile(String source) {
        this.source = source;
    }

    /** A policy read from a file, or every error found in it. */
    public record Result(RulePolicy policy, List<String> errors) {
        public boolean ok() {
            return policy != null;
        }
    }

    /** Parses the policy {@code json}; {@code source} names it in error messages. */
    public static Result parse(String source, String json) {
        PolicyFile file = new PolicyFile(source);
        CBORObject root;
        try {
            root = CBORObject.FromJSONString(json);
        } catch (CBORException e) {
            return new Result(null, List.of(source + ": not JSON: " + e.getMessage()));
        }
        RulePolicy policy = file.read(root);
        return file.errors.isEmpty() ? new Result(policy, List.of()) : new Result(null, List.copyOf(file.errors));
    }

    private RulePolicy read(CBORObject root) {
        if (root.getType() != CBORType.Map) {
            errors.add(source + ": found " + root.getType() + ", expected a JSON object");
            return null;
        }
        unknownKeys(root, TOP_KEYS, "");
        String format = text(root, "format", "");
        if (format != null && !format.equals(FORMAT)) {
            error("format", '"' + format + '"', '"' + FORMAT + '"');
        }
        CBORObject version = root.get("version");
        if (version == null || !version.isNumber() || !version.AsNumber().IsInteger()
                || version.AsNumber().compareTo(CBORObject.FromObject(VERSION).AsNumber()) != 0) {
            error("version", version == null ? "nothing" : version.ToJSONString(), String.valueOf(VERSION));
        }
        String name = text(root, "name", "");
        if (name != null && !NAME.matcher(name).matches()) {
            error("name", '"' + name + '"', "lower-case letters, digits and hyphens");
        }
        text(root, "description", "");
        ZoneId zone = zone(root);
        CBORObject valueSets = valueSets(root.get("valueSets"));
        List<PolicyRule> rules = rules(root.get("rules"));
        return errors.isEmpty() ? new RulePolicy(name, root.get("description").AsString(), zone, valueSets, rules)
                : null;
    }

    private ZoneId zone(CBORObject root) {
        String id = text(root, "timeZone", "");
        if (id == null) {
            return null;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            error("timeZone", '"' + id + '"', "a time zone id such as Asia/Seoul or UTC");
            return null;
        }
    }

    private CBORObject valueSets(CBORObject sets) {
        if (sets == null) {
            return CBORObject.NewOrderedMap();
        }
        if (sets.getType() != CBORType.Map) {
            error("valueSets", sets.getType().toString(), "an object of arrays");
            return null;
        }
        for (CBORObject key : sets.getKeys()) {
            if (sets.get(key).getType() != CBORType.Array) {
                error("valueSets." + key.AsString(), sets.get(key).getType().toString(), "an array");
            }
        }
        return sets;
    }

    private List<PolicyRule> rules(CBORObject array) {
        List<PolicyRule> rules = new ArrayList<>();
        if (array == null || array.getType() != CBORType.Array || array.size() == 0 || array.size() > MAX_RULES) {
            error("rules", array == null ? "nothing" : array.getType() + " of size " + array.size(),
                    "an array of 1 to " + MAX_RULES + " rules");
            return rules;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            CBORObject id = array.get(i).getType() == CBORType.Map ? array.get(i).get("id") : null;
            if (id != null && id.getType() == CBORType.TextString && !ids.add(id.AsString())) {
                error("rules[" + i + "].id", '"' + id.AsString() + '"', "an id not used by an earlier rule");
            }
            rules.add(rule(array.get(i), "rules[" + i + "]."));
        }
        return rules;
    }

    private PolicyRule rule(CBORObject rule, String at) {
        if (rule.getType() != CBORType.Map) {
            error(at.substring(0, at.length() - 1), rule.getType().toString(), "a rule object");
            return null;
        }
        int before = errors.size();
        unknownKeys(rule, RULE_KEYS, at);
        String id = text(rule, "id", at);
        String type = text(rule, "certificateType", at);
        if (type != null && !TYPES.contains(type)) {
            error(at + "certificateType", '"' + type + '"', "v, t, r, x or any");
        }
        String description = text(rule, "description", at);
        String verdictName = text(rule, "verdict", at);
        Verdict verdict = VERDICTS.stream().filter(v -> v.name().equals(verdictName)).findFirst().orElse(null);
        if (verdictName != null && verdict == null) {
            error(at + "verdict", '"' + verdictName + '"', "NOT_YET_VALID, EXPIRED or POLICY_REJECTED");
        }
        String reason = text(rule, "reason", at);
        if (rule.get("source") != null) {
            text(rule, "source", at);
        }
        CBORObject logic = rule.get("logic");
        if (logic == null) {
            error(at + "logic", "nothing", "a CertLogic expression");
        } else {
            for (Issue issue : CertLogic.validate(logic, Bounds.DEFAULT)) {
                error(at + "logic", issue.expression().ToJSONString(), "valid CertLogic (" + issue.message() + ")");
            }
        }
        return errors.size() == before ? new PolicyRule(id, type, description, verdict, reason, logic) : null;
    }

    private String text(CBORObject object, String key, String at) {
        CBORObject value = object.get(key);
        if (value == null || value.getType() != CBORType.TextString || value.AsString().isBlank()) {
            error(at + key, value == null ? "nothing" : value.ToJSONString(), "a non-empty string");
            return null;
        }
        return value.AsString();
    }

    private void unknownKeys(CBORObject object, List<String> known, String at) {
        for (CBORObject key : object.getKeys()) {
            if (key.getType() != CBORType.TextString || !known.contains(key.AsString())) {
                error(at + key.ToJSONString().replace("\"", ""), "an unknown key", "one of "
                        + String.join(", ", known));
            }
        }
    }

    private void error(String key, String found, String expected) {
        errors.add(source + ": " + key + ": found " + found + ", expected " + expected);
    }
}
