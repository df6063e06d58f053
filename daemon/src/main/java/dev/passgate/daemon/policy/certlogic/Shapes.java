package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax of CertLogic 1.3.3, checked one expression node at a time without looking at any data. Both the
 * static validator and the evaluator use it, so that an expression the validator accepts is one the evaluator
 * evaluates, and the evaluator refuses an invalid node before it evaluates any of the node's operands.
 *
 * <p>Operand counts: {@code if} 3; {@code ===}, {@code in}, {@code +} 2; {@code and} 2 or more; {@code <},
 * {@code >}, {@code <=}, {@code >=}, {@code before}, {@code after}, {@code not-before}, {@code not-after} 2 or 3;
 * {@code !} 1; {@code plusTime} 3, of which the amount is an integer literal and the unit one of the string
 * literals {@code year}, {@code month}, {@code day}, {@code hour}; {@code reduce} 3; {@code extractFromUVCI} 2,
 * of which the index is an integer literal; {@code dccDateOfBirth} 1. A {@code var} path is {@code ""} or
 * non-empty fragments joined by dots, at most {@value #MAX_PATH_LENGTH} characters.
 */
final class Shapes {
    static final int MAX_PATH_LENGTH = 256;
    static final Set<String> COMPARISONS = Set.of("<", ">", "<=", ">=", "before", "after", "not-before",
            "not-after");
    static final Set<String> OPERATORS = Set.of("var", "if", "===", "and", "<", ">", "<=", ">=", "in", "+", "!",
            "before", "after", "not-before", "not-after", "plusTime", "reduce", "extractFromUVCI",
            "dccDateOfBirth");
    private static final Pattern PATH = Pattern.compile("[^.]+(\\.[^.]+)*");

    private Shapes() {
    }

    /** Why a literal (anything but an object or array) is not a valid expression, or null when it is. */
    static String literalProblem(CBORObject literal) {
        if (literal.isNull()) {
            return "invalid CertLogic expression";
        }
        if (literal.isNumber()) {
            return literal.AsNumber().IsInteger() ? null : literal.ToJSONString() + " is a non-integer number";
        }
        if (literal.isTagged()) {
            return "invalid CertLogic expression: a tagged CBOR item is not JSON";
        }
        return literal.getType() == CBORType.Boolean || literal.getType() == CBORType.TextString ? null
                : "invalid CertLogic expression: a CBOR " + literal.getType() + " is not JSON";
    }

    /**
     * Why an expression object is not a valid operation, looking only at the object itself and the literal
     * operands its operator requires; null when it is valid at this level.
     */
    static String operationProblem(CBORObject object) {
        if (object.size() != 1) {
            return "expression object must have exactly one key, but it has " + object.size();
        }
        CBORObject key = object.getKeys().iterator().next();
        if (key.getType() != CBORType.TextString || key.isTagged()) {
            return "an operator must be a string, found " + Values.describe(key);
        }
        String operator = key.AsString();
        CBORObject argument = object.get(key);
        if (operator.equals("var")) {
            return pathProblem(argument);
        }
        if (argument.isTagged() || argument.getType() != CBORType.Array) {
            return "operation not of the form { \"<operator>\": [ <values...> ] }";
        }
        if (!OPERATORS.contains(operator)) {
            return "unrecognised operator: \"" + operator + "\"";
        }
        return operandsProblem(operator, List.copyOf(argument.getValues()));
    }

    /** The single key of a valid operation object. */
    static String operator(CBORObject operation) {
        return operation.getKeys().iterator().next().AsString();
    }

    private static String pathProblem(CBORObject argument) {
        if (argument.isTagged() || argument.getType() != CBORType.TextString) {
            return "not of the form { \"var\": \"<path>\" }";
        }
        String path = argument.AsString();
        if (path.length() > MAX_PATH_LENGTH) {
            return "data access path is longer than " + MAX_PATH_LENGTH + " characters";
        }
        return path.isEmpty() || PATH.matcher(path).matches() ? null
                : "data access path doesn't have a valid format: " + path;
    }

    private static String operandsProblem(String operator, List<CBORObject> operands) {
        int n = operands.size();
        String count = switch (operator) {
            case "if", "plusTime", "reduce" -> n == 3 ? null : "exactly 3";
            case "===", "in", "+", "extractFromUVCI" -> n == 2 ? null : "exactly 2";
            case "!", "dccDateOfBirth" -> n == 1 ? null : "exactly 1";
            case "and" -> n >= 2 ? null : "2 or more";
            default -> COMPARISONS.contains(operator) && (n == 2 || n == 3) ? null : "2 or 3";
        };
        if (count != null) {
            return "operator \"" + operator + "\" takes " + count + " operands, found " + n;
        }
        if (operator.equals("plusTime")) {
            if (!isIntegerLiteral(operands.get(1))) {
                return "plusTime: the amount must be an integer literal, found " + Values.describe(operands.get(1));
            }
            CBORObject unit = operands.get(2);
            boolean known = !unit.isTagged() && unit.getType() == CBORType.TextString
                    && DateTimes.unit(unit.AsString()) != null;
            return known ? null : "plusTime: the unit must be \"year\", \"month\", \"day\" or \"hour\", found "
                    + Values.describe(unit);
        }
        if (operator.equals("extractFromUVCI") && !isIntegerLiteral(operands.get(1))) {
            return "extractFromUVCI: the index must be an integer literal, found " + Values.describe(operands.get(1));
        }
        return null;
    }

    private static boolean isIntegerLiteral(CBORObject operand) {
        return operand.isNumber() && operand.AsNumber().IsInteger() && operand.AsNumber().CanFitInInt64();
    }
}
