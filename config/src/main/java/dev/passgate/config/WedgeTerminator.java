package dev.passgate.config;

/**
 * What ends one code from a keyboard-wedge scanner: the Enter key (main or keypad), the Tab key, or a pause
 * longer than {@link WedgeConfig#idleTimeout()}. The file accepts the names in any case.
 */
public enum WedgeTerminator {
    ENTER, TAB, IDLE
}
