package dev.passgate.daemon.app;

/** The kiosk could not be assembled; the message names what and why, for a technician. */
public final class KioskException extends Exception {
    private static final long serialVersionUID = 1L;

    public KioskException(String message) {
        super(message);
    }

    public KioskException(String message, Throwable cause) {
        super(message, cause);
    }
}
