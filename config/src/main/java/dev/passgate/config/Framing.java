package dev.passgate.config;

/**
 * How a serial scanner marks the end of one scanned code: a carriage return, a line feed, both, or a pause
 * in the byte stream longer than {@link SerialConfig#idleTimeout()}. The file accepts the names in any case.
 */
public enum Framing {
    CR, LF, CRLF, IDLE
}
