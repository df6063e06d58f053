package dev.passgate.daemon.app;

/** The kiosk could not be assembled; the message names what and why, for a technician. */
public final class KioskException extends Exception {
    /** The exit code of {@code passgate run} for a fault a restart cannot mend (sysexits EX_CONFIG). */
    public static final int EXIT_NEEDS_TECHNICIAN = 78;
    private static final long serialVersionUID = 1L;
    private final boolean needsTechnician;

    public KioskException(String message) {
        this(message, null, false);
    }

    public KioskException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private KioskException(String message, Throwable cause, boolean needsTechnician) {
        super(message, cause);
        this.needsTechnician = needsTechnician;
    }

    /** A fault a restart cannot mend: the message names the file and the recovery command. */
    public static KioskException needsTechnician(String message) {
        return new KioskException(message, null, true);
    }

    public boolean needsTechnician() {
        return needsTechnician;
    }
}
