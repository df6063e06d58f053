package dev.passgate.daemon.trust;

import dev.passgate.daemon.revocation.RevocationEntry;
import java.util.Iterator;

/**
 * Where the revocation section of an installed bundle goes: the revocation store, which replaces everything it
 * held with the entries given, as one change, and remembers the bundle version. The entries are streamed from the
 * bundle file; a sink must consume them as it goes and never collect them all. The iterator throws
 * {@link IllegalStateException} when the file turns out to be damaged half-way, and
 * {@link java.io.UncheckedIOException} when it cannot be read; the sink must then keep what it had. An exception from
 * the sink is logged and the hand-over is tried again later. {@code RevocationStore::replaceAll} fits this
 * interface.
 */
@FunctionalInterface
public interface RevocationSink {
    void replaceAll(Iterator<RevocationEntry> entries, long bundleVersion) throws Exception;
}
