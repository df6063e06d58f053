package dev.passgate.daemon.trust;

/**
 * How current the kiosk's trust data is, from the installed bundle's age and validity window: {@link #FRESH},
 * {@link #WARN} (still fine, but an update is overdue: logged, idle light amber), {@link #DEGRADED} (keep verifying,
 * or have staff confirm, as configured) and {@link #EXPIRED} (fail closed unless configured otherwise or overridden
 * by a technician). The names are stable: they appear in {@code passgate verify} answers.
 */
public enum TrustState {
    FRESH,
    WARN,
    DEGRADED,
    EXPIRED
}
