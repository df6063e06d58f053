package dev.passgate.daemon.verify.schema;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import com.upokecenter.numbers.EDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A compiled JSON Schema (draft 2020-12) limited to the keywords the EU DCC schemas use, applied to a decoded
 * CBOR item as the JSON value it stands for.
 *
 * <p>Why a validator driven by the upstream schema files, rather than the DCC's facts written in Java: the nine
 * releases differ in small ways (the {@code dob} pattern and partial dates, one of v/t/r from 1.3.0, {@code fnt}
 * or {@code gnt} from 1.3.2, the dropped {@code dr} field, dose limits), the upstream files state each release
 * exactly, a new release ships as a data file, and the keyword subset is small enough to implement fully.
 *
 * <p>Keywords: {@code type}, {@code enum}, {@code const}, {@code required}, {@code properties},
 * {@code additionalProperties}, {@code items} (one schema for every item), {@code minItems}, {@code maxItems},
 * {@code minLength}, {@code maxLength}, {@code pattern}, {@code format} ({@code date}, {@code date-time}; see
 * {@link Formats}), {@code minimum}, {@code maximum}, {@code $ref} (local JSON pointers such as
 * {@code #/$defs/name} or {@code #/definitions/name}), {@code allOf}, {@code anyOf}, {@code oneOf}. Annotations
 * are ignored; any other keyword is refused when the schema is compiled, so no schema is ever checked in part.
 *
 * <p>CBOR as JSON: a text string is a string; an integer is an integer; a finite float is a number (and an
 * integer when it has no fraction); true, false and null are themselves; an array is an array; a map whose keys
 * are all text strings is an object. Byte strings, undefined, other simple values, NaN, infinities and maps
 * with other keys have no JSON counterpart and match no type. A tag is transparent: the tagged item is checked
 * as its content. {@code enum} compares CBOR items, so {@code 1} and {@code 1.0} differ.
 *
 * <p>Semantics: {@code pattern} is a search, as in ECMA-262 (anchored only when the pattern anchors itself), run
 * by java.util.regex; lengths count code points. Hostile strings are bounded: one validation may read at most
 * {@link #MATCH_BUDGET} characters in pattern matching, and a pattern that would need more (catastrophic
 * backtracking, such as {@code ^\d+.\d+.\d+$} on 60,000 digits) counts as not matched. Nesting deeper than
 * {@link #MAX_DEPTH} schema levels is a violation, not a stack overflow.
 *
 * <p>Violations name the instance location (a JSON pointer) and the failed keyword, never the value, since
 * values are personal data. Thread-safe once compiled.
 */
public final class JsonSchema {
    public static final int MATCH_BUDGET = 100_000;
    public static final int MAX_DEPTH = 64;
    private final SchemaNode root;

    private JsonSchema(SchemaNode root) {
        this.root = root;
    }

    /** Compiles a schema document; IllegalArgumentException names the first part outside the subset. */
    public static JsonSchema compile(CBORObject document) {
        return new JsonSchema(SchemaCompiler.compile(document));
    }

    /** The first {@code max} violations of {@code instance}, in document order; empty when it is valid. */
    public List<String> violations(CBORObject instance, int max) {
        Run run = new Run(max);
        check(root, instance, Location.ROOT, run, 0);
        return run.messages;
    }

    public boolean valid(CBORObject instance) {
        return violations(instance, 1).isEmpty();
    }

    private void check(SchemaNode node, CBORObject value, Location at, Run run, int depth) {
        if (run.done()) {
            return;
        }
        if (depth > MAX_DEPTH) {
            run.add(at, "is nested too deeply to validate");
            return;
        }
        if (node.never) {
            run.add(at, "is not allowed here");
            return;
        }
        CBORObject item = untagged(value);
        String type = typeOf(item);
        if (node.ref != null) {
            check(node.ref, item, at, run, depth + 1);
        }
        if (node.types != null && !hasType(type, item, node.types)) {
            run.add(at, "is " + (type == null ? "no JSON value" : "a " + type) + ", expected "
                    + String.join(" or ", new TreeSet<>(node.types)));
        }
        if (node.allowed != null && !node.allowed.contains(item)) {
            run.add(at, "is not one of the " + node.allowed.size() + " allowed values");
        }
        if ("object".equals(type)) {
            checkObject(node, item, at, run, depth);
        } else if ("array".equals(type)) {
            checkArray(node, item, at, run, depth);
        } else if ("string".equals(type)) {
            checkString(node, item.AsString(), at, run);
        } else if ("integer".equals(type) || "number".equals(type)) {
            checkNumber(node, item, at, run);
        }
        node.allOf.forEach(sub -> check(sub, item, at, run, depth + 1));
        if (!node.anyOf.isEmpty() && matching(node.anyOf, item, at, run, depth) == 0) {
            run.add(at, "matches none of its " + node.anyOf.size() + " alternatives");
        }
        int oneOf = node.oneOf.isEmpty() ? 1 : matching(node.oneOf, item, at, run, depth);
        if (oneOf != 1) {
            run.add(at, "matches " + oneOf + " of its " + node.oneOf.size() + " alternatives, expected exactly one");
        }
    }

    private void checkObject(SchemaNode node, CBORObject item, Location at, Run run, int depth) {
        for (String name : node.required) {
            if (item.get(name) == null) {
                run.add(at, "has no required property " + name);
            }
        }
        for (CBORObject key : item.getKeys()) {
            String name = key.AsString();
            SchemaNode property = node.properties.get(name);
            SchemaNode schema = property != null ? property : node.additional;
            if (schema != null) {
                Location child = at.child(property != null ? name : "(other property)");
                check(schema, item.get(key), child, run, depth + 1);
            }
        }
    }

    private void checkArray(SchemaNode node, CBORObject item, Location at, Run run, int depth) {
        int size = item.size();
        if (node.minItems != SchemaNode.UNSET && size < node.minItems) {
            run.add(at, "has " + size + " items, expected at least " + node.minItems);
        }
        if (node.maxItems != SchemaNode.UNSET && size > node.maxItems) {
            run.add(at, "has " + size + " items, expected at most " + node.maxItems);
        }
        if (node.items != null) {
            for (int i = 0; i < size && !run.done(); i++) {
                check(node.items, item.get(i), at.child(Integer.toString(i)), run, depth + 1);
            }
        }
    }

    private void checkString(SchemaNode node, String text, Location at, Run run) {
        long length = text.codePointCount(0, text.length());
        if (node.minLength != SchemaNode.UNSET && length < node.minLength) {
            run.add(at, "has " + length + " characters, expected at least " + node.minLength);
        }
        if (node.maxLength != SchemaNode.UNSET && length > node.maxLength) {
            run.add(at, "has " + length + " characters, expected at most " + node.maxLength);
        }
        if (node.pattern != null && !run.matches(node.pattern, text)) {
            run.add(at, "does not match the pattern " + node.pattern.pattern());
        }
        if (node.format != null && !Formats.matches(node.format, text)) {
            run.add(at, "is not a " + node.format);
        }
    }

    private static void checkNumber(SchemaNode node, CBORObject item, Location at, Run run) {
        EDecimal number = item.getType() == CBORType.Integer ? EDecimal.FromEInteger(item.AsEIntegerValue())
                : EDecimal.FromDouble(item.AsDoubleValue());
        if (node.minimum != null && number.compareTo(node.minimum) < 0) {
            run.add(at, "is below the minimum " + node.minimum);
        }
        if (node.maximum != null && number.compareTo(node.maximum) > 0) {
            run.add(at, "is above the maximum " + node.maximum);
        }
    }

    /** How many of the alternatives the item matches; each is tried with a run that only notes failure. */
    private int matching(List<SchemaNode> alternatives, CBORObject item, Location at, Run run, int depth) {
        int matched = 0;
        for (SchemaNode alternative : alternatives) {
            Run trial = run.trial();
            check(alternative, item, at, trial, depth + 1);
            run.budget = trial.budget;
            matched += trial.failed ? 0 : 1;
        }
        return matched;
    }

    private static CBORObject untagged(CBORObject value) {
        CBORObject item = value;
        while (item.isTagged() && item.getType() != CBORType.Integer) {
            item = item.UntagOne();
        }
        return item;
    }

    private static String typeOf(CBORObject item) {
        return switch (item.getType()) {
            case TextString -> "string";
            case Integer -> "integer";
            case FloatingPoint -> Double.isFinite(item.AsDoubleValue()) ? "number" : null;
            case Boolean -> "boolean";
            case Array -> "array";
            case Map -> item.getKeys().stream().allMatch(k -> k.getType() == CBORType.TextString) ? "object" : null;
            case SimpleValue -> item.isNull() ? "null" : null;
            default -> null;
        };
    }

    private static boolean hasType(String type, CBORObject item, Set<String> allowed) {
        if (type == null) {
            return false;
        }
        if (allowed.contains(type) || type.equals("integer") && allowed.contains("number")) {
            return true;
        }
        boolean integral = type.equals("number") && item.AsDoubleValue() == Math.rint(item.AsDoubleValue());
        return integral && allowed.contains("integer");
    }

    /** An instance location, turned into a JSON pointer only when a violation is reported. */
    private record Location(Location parent, String segment) {
        static final Location ROOT = new Location(null, null);

        Location child(String name) {
            return new Location(this, name);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "(root)";
            }
            String prefix = parent.parent == null ? "" : parent.toString();
            return prefix + "/" + segment.replace("~", "~0").replace("/", "~1");
        }
    }

    /** The state of one validation: violations found so far, whether any was found, the matching budget. */
    private static final class Run {
        private final int max;
        private final List<String> messages = new ArrayList<>();
        private boolean failed;
        private int budget = MATCH_BUDGET;

        Run(int max) {
            this.max = max;
        }

        Run trial() {
            Run trial = new Run(0);
            trial.budget = budget;
            return trial;
        }

        void add(Location at, String message) {
            failed = true;
            if (messages.size() < max) {
                messages.add(at + " " + message);
            }
        }

        boolean done() {
            return failed && messages.size() >= max;
        }

        boolean matches(Pattern pattern, String text) {
            BudgetedText chars = new BudgetedText(text, budget);
            try {
                return pattern.matcher(chars).find();
            } catch (BudgetedText.Exhausted e) {
                return false;
            } finally {
                budget = Math.max(0, chars.budget);
            }
        }
    }
}
