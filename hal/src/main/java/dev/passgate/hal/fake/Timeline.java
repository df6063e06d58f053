package dev.passgate.hal.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * What the fake devices did and when: an append-only list of events stamped with a monotonic clock, usually
 * {@code ManualDelays::nanoTime} so that a test moves time and then asserts on the whole sequence. Several fakes
 * share one timeline so the order across devices is visible.
 *
 * <p>Thread-safe: events recorded from several threads are kept in the order in which they were recorded, and
 * each is stamped inside the same lock, so with a monotonic clock the stamps never go backwards.
 */
public final class Timeline {
    /** One thing a device did: {@code device} is e.g. "light", {@code action} e.g. "GREEN" or "on". */
    public record Event(long nanos, String device, String action) {
        public Event {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(action, "action");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%10.3f ms  %s %s", nanos / 1e6, device, action);
        }
    }

    private final LongSupplier clock;
    private final List<Event> events = new ArrayList<>();

    public Timeline(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The timeline's clock, for fakes that stamp what they produce with the same time. */
    public long nanoTime() {
        return clock.getAsLong();
    }

    public synchronized void record(String device, String action) {
        events.add(new Event(clock.getAsLong(), device, action));
    }

    /** A snapshot of the events so far, oldest first. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** One event per line, e.g. {@code "   120.000 ms  buzzer off"}. */
    @Override
    public synchronized String toString() {
        return events.stream().map(Event::toString).collect(Collectors.joining("\n"));
    }
}
