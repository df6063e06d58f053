package dev.passgate.hal;

/**
 * A change of a {@link DigitalInput}'s debounced logical state: {@code active} is the new state (pressed, or open
 * for a door contact) and {@code nanos} the monotonic time the change was seen, on the same time base as
 * {@link ScannedCode#receivedNanos()}.
 */
public record InputEdge(String input, boolean active, long nanos) {
}
