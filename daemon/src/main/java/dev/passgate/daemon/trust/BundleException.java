package dev.passgate.daemon.trust;

/**
 * A trust bundle is not acceptable: malformed, tampered with, signed by no pinned root, out of its validity
 * window or not newer than the installed one. The message says what was found and what was expected.
 */
public final class BundleException extends Exception {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
