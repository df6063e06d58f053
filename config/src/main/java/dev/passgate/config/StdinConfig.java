package dev.passgate.config;

/**
 * Whether scanned codes are also read line by line from standard input: {@code [scan.stdin]} in the file.
 * Meant for keyboard-wedge scanners behind a terminal and for demonstrations; off by default.
 */
public record StdinConfig(boolean enabled) {

    /** Whether standard input is read when the file does not say. */
    public static final boolean DEFAULT_ENABLED = false;
    /** The stdin section with every value at its default. */
    public static final StdinConfig DEFAULTS = new StdinConfig(DEFAULT_ENABLED);
}
