package dev.passgate.hal.wedge;

/**
 * The outcome of asking the kernel for exclusive use of an input device ({@code EVIOCGRAB}). Only
 * {@link #GRABBED} keeps scanned text away from consoles and other programs; with any other outcome the kiosk
 * still reads the device, and says so.
 */
public enum Grab {
    GRABBED("grabbed"),
    NOT_REQUESTED("not requested by the configuration"),
    NOT_AN_INPUT_DEVICE("not an input device (ENOTTY or EINVAL)"),
    NOT_PERMITTED("not permitted (EPERM or EACCES)"),
    BUSY("already grabbed by another program (EBUSY)"),
    FAILED("failed");

    private final String description;

    Grab(String description) {
        this.description = description;
    }

    /** Words for a log line or a technician. */
    public String description() {
        return description;
    }

    /** The outcome for the {@code errno} of a failed {@code ioctl(EVIOCGRAB)}. */
    static Grab ofErrno(int errno) {
        return switch (errno) {
            case Libc.ENOTTY, Libc.EINVAL -> NOT_AN_INPUT_DEVICE;
            case Libc.EPERM, Libc.EACCES -> NOT_PERMITTED;
            case Libc.EBUSY -> BUSY;
            default -> FAILED;
        };
    }
}
