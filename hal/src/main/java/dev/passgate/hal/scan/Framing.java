package dev.passgate.hal.scan;

/**
 * How a reader marks the end of a code. See {@link CodeFramer} for the exact rules, including the tolerance for
 * readers that send a different terminator than configured.
 */
public enum Framing {
    /** A carriage return ends a code; a line feed right after it is skipped (readers that send CR LF). */
    CR,
    /** A line feed ends a code; a carriage return right before it is dropped (readers that send CR LF). */
    LF,
    /** Only the pair CR LF ends a code; a lone CR or LF is part of the code. */
    CRLF,
    /** A code ends when no character arrives for the idle timeout; every character is part of the code. */
    IDLE
}
