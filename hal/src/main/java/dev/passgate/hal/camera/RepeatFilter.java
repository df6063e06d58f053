package dev.passgate.hal.camera;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports a code held in front of the camera once per interval instead of once per frame: a text passes when it
 * was not passed within the last {@code intervalNanos} of monotonic time, and is then remembered. Different texts
 * are independent (a phone whose dynamic pass changes every few seconds is reported at each change). At most
 * {@value #MAX_REMEMBERED} texts are remembered; the oldest is forgotten first. Not thread-safe; one camera thread
 * uses it.
 */
public final class RepeatFilter {
    static final int MAX_REMEMBERED = 64;

    private final long intervalNanos;
    private final Map<String, Long> passedAt = new LinkedHashMap<>();

    public RepeatFilter(long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("repeat interval must be positive, found " + intervalNanos + " ns");
        }
        this.intervalNanos = intervalNanos;
    }

    /** Whether {@code text}, seen at monotonic time {@code nanos}, is to be reported. */
    public boolean pass(String text, long nanos) {
        forgetOlderThan(nanos);
        Long last = passedAt.get(text);
        if (last != null && nanos - last < intervalNanos) {
            return false;
        }
        passedAt.remove(text);
        if (passedAt.size() == MAX_REMEMBERED) {
            Iterator<String> oldest = passedAt.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        passedAt.put(text, nanos);
        return true;
    }

    private void forgetOlderThan(long nanos) {
        Iterator<Map.Entry<String, Long>> entries = passedAt.entrySet().iterator();
        while (entries.hasNext()) {
            if (nanos - entries.next().getValue() < intervalNanos) {
                return;
            }
            entries.remove();
        }
    }
}
