package dev.passgate.hal.timing;

import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Delays whose cancel always comes too late: every scheduled action stays runnable, as when an executor had
 * already started it. Tests run the actions by hand to check that stale ones do nothing.
 */
final class LateCancelDelays implements Delays {
    private final List<Runnable> scheduled = new ArrayList<>();

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        scheduled.add(action);
        return () -> { };
    }

    Runnable scheduled(int index) {
        return scheduled.get(index);
    }

    int count() {
        return scheduled.size();
    }
}
