package dev.passgate.hal;

/**
 * A reader that can confirm a decision itself, with its own beeper or LED (serial readers that take commands).
 * {@link #confirm} sends the configured command for an admitting or refusing decision and returns; a reader
 * that is not connected, or a write that fails, is logged and otherwise ignored.
 */
public interface ReaderFeedback {
    void confirm(boolean admitted);
}
