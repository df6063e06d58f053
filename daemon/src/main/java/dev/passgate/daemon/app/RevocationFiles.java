package dev.passgate.daemon.app;

import dev.passgate.daemon.revocation.RevocationStore;
import dev.passgate.daemon.revocation.RevocationStoreException;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.trust.RevocationSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Opening the kiosk's revocation store file. A store that cannot be opened is logged as an error and left out
 * (fail open: passes are decided without revocation data), like a lookup that fails on the scan path. An opened
 * store is added to {@code closeables}, which the kiosk closes at shutdown.
 */
final class RevocationFiles {
    private RevocationFiles() {
    }

    /** Where the gate looks revocations up, and where installed bundles write them. */
    record Wiring(Revocations lookups, Optional<RevocationSink> sink) {
    }

    /**
     * With roots pinned and no sink {@code given}, the store at {@code file}, created when missing, is both;
     * otherwise the gate reads the store when there is one and bundles write to {@code given}.
     */
    static Wiring wire(boolean managed, Path file, Optional<RevocationSink> given, List<AutoCloseable> closeables) {
        Optional<RevocationStore> bundleStore = given.isEmpty() && managed ? create(file, closeables)
                : Optional.empty();
        Revocations lookups = bundleStore.<Revocations>map(store -> store)
                .orElseGet(() -> openIfPresent(file, closeables));
        return new Wiring(lookups, bundleStore.<RevocationSink>map(store -> store::replaceAll).or(() -> given));
    }

    /** The store that installed bundles write to and the gate reads, created when missing; empty when unusable. */
    static Optional<RevocationStore> create(Path file, List<AutoCloseable> closeables) {
        try {
            RevocationStore store = RevocationStore.open(file);
            closeables.add(store);
            return Optional.of(store);
        } catch (RevocationStoreException e) {
            Logger.error("revocation store unusable, running without revocation checks: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The store in the data folder when there is one, else {@link Revocations#NONE}. */
    static Revocations openIfPresent(Path file, List<AutoCloseable> closeables) {
        if (!Files.exists(file)) {
            Logger.info("no revocation store at {}; passes are not checked for revocation", file);
            return Revocations.NONE;
        }
        try {
            RevocationStore store = RevocationStore.open(file);
            closeables.add(store);
            return store;
        } catch (RevocationStoreException e) {
            Logger.error("revocation store unusable, running without revocation checks: {}", e.getMessage());
            return Revocations.NONE;
        }
    }
}
