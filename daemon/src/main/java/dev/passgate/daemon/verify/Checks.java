package dev.passgate.daemon.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verification steps evaluated for one code, in the order they ran, each passed or failed. A step that
 * could not be evaluated because an earlier one failed is absent, not false. Not thread-safe.
 */
public final class Checks {
    private final Map<String, Boolean> steps = new LinkedHashMap<>();

    public Checks pass(String step) {
        steps.put(step, true);
        return this;
    }

    public Checks fail(String step) {
        steps.put(step, false);
        return this;
    }

    public Checks record(String step, boolean passed) {
        steps.put(step, passed);
        return this;
    }

    public Map<String, Boolean> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }
}
