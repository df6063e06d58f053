package dev.passgate.config;

/**
 * How the status light shows a verdict's colour while the verdict is held: {@code steady}, {@code blink}
 * (500 ms period) or {@code flash} (200 ms period). Written in lower case in the file.
 */
public enum LightPattern {
    STEADY, BLINK, FLASH
}
