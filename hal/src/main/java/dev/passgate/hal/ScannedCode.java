package dev.passgate.hal;

/**
 * One code as a reader delivered it. {@code text} holds at most the source's length limit; when the reader sent
 * more, {@code overLength} is true and the rest was discarded. {@code receivedNanos} is the monotonic time at
 * which the last character arrived.
 */
public record ScannedCode(String source, String text, boolean overLength, long receivedNanos) {
}
