package dev.passgate.daemon.verify.schema;

/**
 * A string seen through a character budget: every {@link #charAt} spends one unit, and reading past the budget
 * throws {@link Exhausted}. A regular expression matcher reads its input only through {@code charAt}, so
 * handing it a budgeted text bounds the work of any match, including a catastrophically backtracking one.
 */
final class BudgetedText implements CharSequence {
    private final String text;
    int budget;

    BudgetedText(String text, int budget) {
        this.text = text;
        this.budget = budget;
    }

    /** Thrown when the budget is spent; carries no stack trace, so throwing it is cheap. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("the character budget is spent", null, false, false);
        }
    }

    @Override
    public char charAt(int index) {
        if (--budget < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
        return text;
    }
}
