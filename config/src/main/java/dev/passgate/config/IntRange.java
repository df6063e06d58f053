package dev.passgate.config;

import java.time.Duration;

/**
 * An inclusive range of whole numbers that a configuration value must lie in, printed as {@code MIN..MAX}
 * because that is how error messages show it.
 *
 * <p>Each bounded field declares its range as a constant next to the field. The record's constructor checks
 * the range and throws {@link IllegalArgumentException}, which marks a bug in the caller; the loader checks
 * the same range first, so a user with a bad file gets a {@link ConfigError} and never that exception.
 * Durations are checked in whole milliseconds; sub-millisecond parts are not looked at.
 */
public record IntRange(int min, int max) {

    /** Rejects a range whose lower end lies above its upper end. */
    public IntRange {
        if (min > max) {
            throw new IllegalArgumentException("range: found " + min + ".." + max + ", expected min <= max");
        }
    }

    /** Tells whether the value lies in this range, ends included. */
    public boolean contains(long value) {
        return value >= min && value <= max;
    }

    /** Returns the value if it lies in this range, and throws otherwise; records call this in constructors. */
    int check(String field, int value) {
        if (!contains(value)) {
            throw new IllegalArgumentException(field + ": found " + value + ", expected " + this);
        }
        return value;
    }

    /** Returns the duration if its whole milliseconds lie in this range, and throws otherwise. */
    Duration checkMillis(String field, Duration value) {
        if (value == null || value.isNegative() || !contains(value.toMillis())) {
            throw new IllegalArgumentException(field + ": found " + value + ", expected " + this + " ms");
        }
        return value;
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
