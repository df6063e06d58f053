package dev.passgate.config;

/**
 * What the kiosk does with a pass that checks out while its trust data is {@code DEGRADED}: {@link #VERIFY} admits
 * it as usual, {@link #CONFIRM} asks the staff to confirm it instead of opening the door.
 */
public enum DegradedMode {
    VERIFY,
    CONFIRM
}
