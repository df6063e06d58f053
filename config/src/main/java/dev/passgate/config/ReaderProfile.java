package dev.passgate.config;

/**
 * Which commands the kiosk sends back to a serial reader after a decision, so that the reader's own beeper or
 * LED confirms it: {@code none} sends nothing; {@code custom} sends {@link SerialConfig#acceptCommand()} after an
 * admitting verdict and {@link SerialConfig#refuseCommand()} after any other. Written in lower case in the file.
 */
public enum ReaderProfile {
    NONE, CUSTOM
}
