package dev.passgate.hal.timing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection state of a reopening device (serial port, input device, camera pipe) that other threads read and
 * wait for. Once {@code terminal} (closed) is reached, no later move changes it. Thread-safe.
 *
 * @param <S> the device's state enum
 */
public final class StateWatch<S extends Enum<S>> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final S terminal;
    private S state;

    public StateWatch(S initial, S terminal) {
        this.state = Objects.requireNonNull(initial, "initial");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    public S get() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Moves to {@code next} and wakes the waiters, unless the terminal state was reached before. */
    public void moveTo(S next) {
        lock.lock();
        try {
            if (state != terminal && state != next) {
                state = next;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the state is {@code wanted}; true if it got there within the timeout. */
    public boolean await(S wanted, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (state != wanted) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
