package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.policy.certlogic.Values.Kind;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One evaluation of one expression against one data context. Each node is checked with {@link Shapes} before
 * any of its operands is evaluated; {@code if} and {@code and} evaluate their operands lazily, every other
 * operation evaluates all of its operands first. Work is counted against {@link Bounds}. Not thread-safe: make
 * one per evaluation.
 */
final class Evaluator {
    private static final Pattern ARRAY_INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");
    private final Bounds bounds;
    private int steps;
    /** Nesting of every array and reduce context this evaluation built or measured, by identity. */
    private final Map<CBORObject, Integer> nesting = new IdentityHashMap<>();
    /** The arrays and reduce contexts this evaluation built, which may hold date-times. */
    private final Set<CBORObject> built = Collections.newSetFromMap(new IdentityHashMap<>());

    Evaluator(Bounds bounds) {
        this.bounds = bounds;
    }

    int steps() {
        return steps;
    }

    CBORObject evaluate(CBORObject expression, CBORObject data, int depth) {
        step();
        if (depth > bounds.maxDepth()) {
            throw new CertLogicError("expression nested deeper than " + bounds.maxDepth() + " levels");
        }
        if (!expression.isTagged() && expression.getType() == CBORType.Array) {
            CBORObject array = CBORObject.NewArray();
            int deepest = 0;
            for (CBORObject item : expression.getValues()) {
                CBORObject value = evaluate(item, data, depth + 1);
                deepest = Math.max(deepest, nestingOf(value, 0));
                array.Add(value);
            }
            return remember(array, deepest + 1);
        }
        if (!expression.isTagged() && expression.getType() == CBORType.Map) {
            String problem = Shapes.operationProblem(expression);
            if (problem != null) {
                throw new CertLogicError(problem);
            }
            String operator = Shapes.operator(expression);
            CBORObject argument = expression.get(operator);
            return operator.equals("var") ? access(data, argument.AsString())
                    : operation(operator, List.copyOf(argument.getValues()), data, depth);
        }
        String problem = Shapes.literalProblem(expression);
        if (problem != null) {
            throw new CertLogicError(problem);
        }
        return expression;
    }

    /** The result with every date-time turned into its string, so that it is plain JSON. */
    CBORObject plain(CBORObject value) {
        if (Values.kind(value) == Kind.DATE_TIME) {
            return CBORObject.FromObject(value.AsString());
        }
        if (!built.contains(value)) {
            return value;
        }
        if (value.getType() == CBORType.Array) {
            CBORObject copy = CBORObject.NewArray();
            value.getValues().forEach(item -> copy.Add(plain(item)));
            return copy;
        }
        CBORObject copy = CBORObject.NewOrderedMap();
        value.getKeys().forEach(key -> copy.Add(key, plain(value.get(key))));
        return copy;
    }

    private CBORObject operation(String operator, List<CBORObject> operands, CBORObject data, int depth) {
        switch (operator) {
            case "if":
                return Values.isTruthy(evaluate(operands.get(0), data, depth + 1))
                        ? evaluate(operands.get(1), data, depth + 1) : evaluate(operands.get(2), data, depth + 1);
            case "and":
                return and(operands, data, depth);
            case "reduce":
                return reduce(operands, data, depth);
            case "plusTime":
                return DateTimes.plusTime(string(evaluate(operands.get(0), data, depth + 1), operator),
                        operands.get(1).AsNumber().ToInt64Checked(), DateTimes.unit(operands.get(2).AsString()));
            case "extractFromUVCI":
                return Operators.extractFromUci(evaluate(operands.get(0), data, depth + 1),
                        operands.get(1).AsNumber().ToInt64Checked());
            default:
                CBORObject[] values = new CBORObject[operands.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = evaluate(operands.get(i), data, depth + 1);
                }
                return valueOperation(operator, values);
        }
    }

    private CBORObject valueOperation(String operator, CBORObject[] values) {
        return switch (operator) {
            case "===" -> CBORObject.FromObject(Values.strictlyEqual(values[0], values[1]));
            case "in" -> in(values[0], values[1]);
            case "+" -> Operators.plus(values[0], values[1]);
            case "!" -> Operators.not(values[0]);
            case "dccDateOfBirth" -> DateTimes.dateOfBirth(string(values[0], operator));
            default -> Operators.compare(operator, values);
        };
    }

    private CBORObject and(List<CBORObject> operands, CBORObject data, int depth) {
        CBORObject value = null;
        for (CBORObject operand : operands) {
            value = evaluate(operand, data, depth + 1);
            if (Values.isFalsy(value)) {
                return value;
            }
            if (!Values.isTruthy(value)) {
                throw new CertLogicError("and: operand " + Values.describe(value) + " is neither truthy nor falsy");
            }
        }
        return value;
    }

    private CBORObject in(CBORObject needle, CBORObject haystack) {
        if (Values.kind(haystack) != Kind.ARRAY) {
            throw new CertLogicError("in: found " + Values.describe(haystack) + " as 2nd operand, expected an array");
        }
        for (CBORObject item : haystack.getValues()) {
            step();
            if (Values.strictlyEqual(needle, item)) {
                return CBORObject.True;
            }
        }
        return CBORObject.False;
    }

    private CBORObject reduce(List<CBORObject> operands, CBORObject data, int depth) {
        CBORObject operand = evaluate(operands.get(0), data, depth + 1);
        CBORObject accumulator = evaluate(operands.get(2), data, depth + 1);
        if (Values.kind(operand) == Kind.NULL) {
            return accumulator;
        }
        if (Values.kind(operand) != Kind.ARRAY) {
            throw new CertLogicError("reduce: found " + Values.describe(operand) + " to reduce, expected an array");
        }
        for (CBORObject current : operand.getValues()) {
            step();
            CBORObject context = CBORObject.NewOrderedMap().Add("current", current).Add("accumulator", accumulator);
            remember(context, 1 + Math.max(nestingOf(current, 0), nestingOf(accumulator, 0)));
            accumulator = evaluate(operands.get(1), context, depth + 1);
        }
        return accumulator;
    }

    /** Drills into the data along a dotted path; anything missing or undrillable on the way gives null. */
    private static CBORObject access(CBORObject data, String path) {
        if (path.isEmpty()) {
            return data;
        }
        CBORObject current = data;
        for (String fragment : path.split("\\.", -1)) {
            Kind kind = Values.kind(current);
            if (kind == Kind.ARRAY) {
                int index = arrayIndex(fragment);
                current = index >= 0 && index < current.size() ? current.get(index) : null;
            } else if (kind == Kind.OBJECT) {
                current = current.get(fragment);
            } else {
                return CBORObject.Null;
            }
            if (current == null) {
                return CBORObject.Null;
            }
        }
        return current;
    }

    /** The array index a path fragment names ({@code 0} or digits without a leading zero), else -1. */
    private static int arrayIndex(String fragment) {
        boolean canonical = ARRAY_INDEX.matcher(fragment).matches();
        return canonical ? Integer.parseInt(fragment) : -1;
    }

    private static String string(CBORObject value, String operator) {
        if (Values.kind(value) != Kind.STRING) {
            throw new CertLogicError(operator + ": found " + Values.describe(value) + ", expected a string");
        }
        return value.AsString();
    }

    /** Records a value this evaluation built (an array, or a reduce context) and how deeply it nests. */
    private CBORObject remember(CBORObject value, int depth) {
        if (depth > bounds.maxValueNesting()) {
            throw new CertLogicError("a value built by the expression nests deeper than "
                    + bounds.maxValueNesting() + " levels");
        }
        nesting.put(value, depth);
        built.add(value);
        return value;
    }

    /** How deeply a value nests (0 for a scalar), measuring each node not measured before as one step. */
    private int nestingOf(CBORObject value, int level) {
        Kind kind = Values.kind(value);
        if (kind != Kind.ARRAY && kind != Kind.OBJECT) {
            return 0;
        }
        Integer known = nesting.get(value);
        if (known != null) {
            return known;
        }
        if (level >= bounds.maxValueNesting()) {
            throw new CertLogicError("a value nests deeper than " + bounds.maxValueNesting() + " levels");
        }
        step();
        int deepest = 0;
        for (CBORObject child : value.getValues()) {
            deepest = Math.max(deepest, nestingOf(child, level + 1));
        }
        nesting.put(value, deepest + 1);
        return deepest + 1;
    }

    private void step() {
        if (++steps > bounds.maxSteps()) {
            throw new CertLogicError("evaluation took more than " + bounds.maxSteps() + " steps");
        }
    }
}
