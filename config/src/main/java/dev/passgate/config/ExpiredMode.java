package dev.passgate.config;

/**
 * What the kiosk does with a pass that checks out while its trust data is {@code EXPIRED}: {@link #FAIL_CLOSED}
 * refuses it, {@link #VERIFY} admits it as usual (for sites that prefer an open door to a queue).
 */
public enum ExpiredMode {
    FAIL_CLOSED,
    VERIFY
}
