package dev.passgate.daemon.policy.certlogic;

/**
 * The work one evaluation may do, so that a hostile or careless rule cannot hang or exhaust the kiosk.
 * {@code maxDepth} bounds the nesting of the expression (and with it the evaluator's recursion);
 * {@code maxSteps} bounds the total work, counted as one step per evaluated expression, per item compared by
 * {@code in}, per item folded by {@code reduce} and per value node measured when a value is wrapped in a new
 * array; {@code maxValueNesting} bounds how deeply the arrays an expression builds may nest, so that results can
 * be printed and compared without deep recursion. Reaching any bound fails the evaluation.
 */
public record Bounds(int maxDepth, int maxSteps, int maxValueNesting) {
    /** Ample for every real rule: the EU rule sets nest about 10 levels and take a few hundred steps. */
    public static final Bounds DEFAULT = new Bounds(64, 100_000, 64);

    public Bounds {
        if (maxDepth < 1 || maxSteps < 1 || maxValueNesting < 1) {
            throw new IllegalArgumentException("bounds must be positive, found " + maxDepth + ", " + maxSteps
                    + ", " + maxValueNesting);
        }
    }
}
