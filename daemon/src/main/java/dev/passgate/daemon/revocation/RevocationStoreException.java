package dev.passgate.daemon.revocation;

import java.nio.file.Path;

/**
 * A revocation store could not be opened, read or written: an I/O fault, a file that is not a revocation store, or
 * an install whose entries ran out with a failure. Unchecked, so that the shared store shape has no throws clause;
 * callers that can do something about a fault (the verifier, the bundle installer) catch it by name.
 */
public final class RevocationStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RevocationStoreException(Path file, String message) {
        super(file + ": " + message);
    }

    public RevocationStoreException(Path file, String message, Throwable cause) {
        super(file + ": " + message + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }
}
