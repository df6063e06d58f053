package dev.passgate.hal;

import java.time.Duration;

/**
 * The door-strike relay. {@link #pulse} energises the relay and releases it after the given time, which the
 * implementation caps at its configured maximum on-time; a pulse during a pulse restarts the release timer.
 * {@link #close} releases the relay at once. Nothing here guarantees that the door actually opened.
 */
public interface DoorRelay extends AutoCloseable {
    void pulse(Duration duration);

    @Override
    void close();
}
