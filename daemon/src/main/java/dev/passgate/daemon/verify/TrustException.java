package dev.passgate.daemon.verify;

/** Trust data could not be read or is not acceptable; the message names the source and what was wrong. */
public final class TrustException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrustException(String message) {
        super(message);
    }

    public TrustException(String message, Throwable cause) {
        super(message, cause);
    }
}
