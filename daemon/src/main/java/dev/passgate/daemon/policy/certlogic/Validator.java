package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.List;

/**
 * The static CertLogic validator: walks an expression without data and lists every invalid node, one issue per
 * node, as the specification's validation test suite counts them. The operands of a node whose operator is
 * unknown or malformed are not examined further. Nesting deeper than the bound is itself an issue, and the
 * walk does not descend past it.
 */
final class Validator {
    private final int maxDepth;
    private final List<Issue> issues = new ArrayList<>();

    private Validator(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    static List<Issue> validate(CBORObject expression, Bounds bounds) {
        Validator validator = new Validator(bounds.maxDepth());
        validator.walk(expression == null ? CBORObject.Null : expression, 1);
        return List.copyOf(validator.issues);
    }

    private void walk(CBORObject expression, int depth) {
        if (depth > maxDepth) {
            issues.add(new Issue(expression, "expression nested deeper than " + maxDepth + " levels"));
            return;
        }
        boolean compound = !expression.isTagged()
                && (expression.getType() == CBORType.Array || expression.getType() == CBORType.Map);
        if (!compound) {
            String problem = Shapes.literalProblem(expression);
            if (problem != null) {
                issues.add(new Issue(expression, problem));
            }
            return;
        }
        if (expression.getType() == CBORType.Array) {
            for (CBORObject item : expression.getValues()) {
                walk(item, depth + 1);
            }
            return;
        }
        String problem = Shapes.operationProblem(expression);
        if (problem != null) {
            issues.add(new Issue(expression, problem));
            return;
        }
        String operator = Shapes.operator(expression);
        if (!operator.equals("var")) {
            for (CBORObject operand : expression.get(operator).getValues()) {
                walk(operand, depth + 1);
            }
        }
    }
}
