package dev.passgate.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalState;

/**
 * One output pin: its BCM GPIO number and whether the device is active-low (switched on by driving the pin LOW,
 * as on most relay boards with an opto-coupler input). Logical on/off is what the device does; the physical level
 * follows from {@code activeLow}.
 */
public record PinSpec(int bcm, boolean activeLow) {
    /** The highest GPIO line number of the BCM283x family; the 40-pin header uses 0 to 27. */
    public static final int MAX_BCM = 53;

    public PinSpec {
        if (bcm < 0 || bcm > MAX_BCM) {
            throw new IllegalArgumentException("BCM pin number must be 0.." + MAX_BCM + ", found " + bcm);
        }
    }

    /** The physical level that switches the device on. */
    DigitalState onLevel() {
        return activeLow ? DigitalState.LOW : DigitalState.HIGH;
    }

    /** The physical level that leaves the device off: the safe level at start, on close and at shutdown. */
    DigitalState offLevel() {
        return activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }
}
