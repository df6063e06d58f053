package dev.passgate.daemon.trust;

import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The daemon's trust data at run time: keeps the current {@link TrustSnapshot} (base trust from files plus the
 * installed bundle), swaps in a new one whenever the bundle or override file changes, hands each new bundle's
 * revocation section to the {@link RevocationSink}, and reports every change of {@link TrustState}.
 *
 * <p>Every {@link #WATCH_INTERVAL} it looks at the files' size, time and identity, so a bundle installed by
 * {@code passgate bundle install} or by the fetcher, or an override set by {@code passgate bundle override}, is
 * picked up within that time. A new bundle file is verified completely again before it is used; one that fails
 * keeps the previous snapshot (or none, at start). The revocation section is streamed to the sink, as a task of its
 * own on the given {@link Delays} (so that start-up does not wait for it), when the bundle's version is greater than
 * the one recorded in the {@link SyncState} file, and recorded once the sink returns; a sink that fails is tried
 * again at the next look. The watch runs on the given {@link Delays} too; readers call {@link #snapshot()} from any
 * thread.
 */
public final class TrustManager implements AutoCloseable {
    public static final Duration WATCH_INTERVAL = Duration.ofSeconds(10);

    private final TrustConfig config;
    private final PinnedRoots roots;
    private TrustStore base;
    private final Clock clock;
    private final Delays delays;
    private final Optional<RevocationSink> sink;
    private final Consumer<TrustStatus> onStateChange;
    private Staleness staleness;
    private final AtomicReference<TrustSnapshot> current;
    private Object bundleKey;
    private Object overrideKey;
    private TrustState lastState;
    private Cancellable watch = () -> { };
    private boolean closed;

    public TrustManager(TrustConfig config, PinnedRoots roots, TrustStore base, Clock clock, Delays delays,
                        Optional<RevocationSink> sink, Consumer<TrustStatus> onStateChange) {
        this.config = config;
        this.roots = roots;
        this.base = base;
        this.clock = clock;
        this.delays = delays;
        this.sink = sink;
        this.onStateChange = onStateChange;
        this.staleness = new Staleness(config);
        this.current = new AtomicReference<>(TrustSnapshot.managed(base, Optional.empty(), Optional.empty(),
                staleness));
    }

    /** The trust to decide with now. */
    public TrustSnapshot snapshot() {
        return current.get();
    }

    /** Loads the installed files once, then keeps watching them. */
    public synchronized void start() {
        refresh();
        scheduleWatch();
    }

    private synchronized void scheduleWatch() {
        if (!closed) {
            watch = delays.schedule(WATCH_INTERVAL, () -> {
                refresh();
                scheduleWatch();
            });
        }
    }

    /** Re-reads the bundle and override files if they changed, then reports a change of state. */
    public synchronized void refresh() {
        Path bundleFile = config.bundleFile();
        Path overrideFile = TrustOverride.fileFor(bundleFile);
        Object newBundleKey = fileKey(bundleFile);
        Object newOverrideKey = fileKey(overrideFile);
        TrustSnapshot snapshot = current.get();
        if (!Objects.equals(newBundleKey, bundleKey)) {
            bundleKey = newBundleKey;
            snapshot = withBundle(snapshot, bundleFile);
        }
        if (!Objects.equals(newOverrideKey, overrideKey)) {
            overrideKey = newOverrideKey;
            snapshot = withOverride(snapshot, overrideFile);
        }
        current.set(snapshot);
        reportStateChange(snapshot);
    }

    /**
     * Takes new staleness rules and base trust (a configuration reload) and rebuilds the current snapshot from the
     * bundle already in memory, without reading a file. Only the ages and modes of {@code rules} are used; the bundle
     * file stays the one given at construction. Should the bundle not combine with the new base, which verified
     * bundles do, the snapshot keeps its trust store and takes the new rules.
     */
    public synchronized void reconfigure(TrustConfig rules, TrustStore newBase) {
        staleness = new Staleness(rules);
        base = newBase;
        TrustSnapshot snapshot = current.get();
        TrustStore store = newBase;
        if (snapshot.bundle().isPresent()) {
            try {
                store = snapshot.bundle().get().addTo(TrustStore.builder().addAll(newBase)).build();
            } catch (TrustException e) {
                Logger.error("the new trust files do not combine with the installed bundle, keeping the trust"
                        + " entries in use: {}", e.getMessage());
                store = snapshot.store();
            }
        }
        TrustSnapshot next = TrustSnapshot.managed(store, snapshot.bundle(), snapshot.override(), staleness);
        current.set(next);
        reportStateChange(next);
    }

    private void reportStateChange(TrustSnapshot snapshot) {
        TrustStatus status = snapshot.status(clock.instant()).orElseThrow();
        if (status.state() != lastState) {
            lastState = status.state();
            if (status.state() == TrustState.FRESH) {
                Logger.info("{}", status.reason());
            } else {
                Logger.warn("{}", status.reason());
            }
            onStateChange.accept(status);
        }
    }

    private TrustSnapshot withBundle(TrustSnapshot snapshot, Path file) {
        if (!Files.isRegularFile(file)) {
            return snapshot;
        }
        TrustBundle bundle;
        TrustStore store;
        try {
            bundle = BundleReader.read(file, roots);
            bundle.requireUsable();
            store = bundle.addTo(TrustStore.builder().addAll(base)).build();
        } catch (BundleException | TrustException | IOException e) {
            Logger.error("the installed trust bundle {} is not usable, keeping the trust data in use: {}", file,
                    e.getMessage());
            return snapshot;
        }
        if (snapshot.bundle().map(TrustBundle::version).orElse(0L) != bundle.version()) {
            Logger.info("using trust bundle version {} issued {} ({} DCC signers, {} SHC issuers, {} revocations)",
                    bundle.version(), bundle.issuedAt(), bundle.content().dccSigners().size(),
                    bundle.content().shcIssuers().size(), bundle.revocationEntries());
        }
        if (sink.isPresent()) {
            delays.schedule(Duration.ZERO, () -> feedRevocations(bundle));
        }
        return TrustSnapshot.managed(store, Optional.of(bundle), snapshot.override(), staleness);
    }

    private TrustSnapshot withOverride(TrustSnapshot snapshot, Path file) {
        Optional<TrustOverride> override;
        try {
            override = TrustOverride.read(file);
        } catch (IOException | TrustException e) {
            Logger.error("ignoring the technician override: {}", e.getMessage());
            override = Optional.empty();
        }
        override.ifPresentOrElse(o -> Logger.warn("technician override set at {} until {}: {}", o.setAt(),
                o.effectiveUntil(), o.reason()), () -> {
                    if (snapshot.override().isPresent()) {
                        Logger.info("technician override removed");
                    }
                });
        return TrustSnapshot.managed(snapshot.store(), snapshot.bundle(), override, staleness);
    }

    private synchronized void feedRevocations(TrustBundle bundle) {
        if (closed || current.get().bundle().map(TrustBundle::version).orElse(0L) > bundle.version()) {
            return;
        }
        Path syncFile = SyncState.fileFor(config.bundleFile());
        try {
            SyncState sync = readSync(syncFile);
            if (sync.revocationVersion() >= bundle.version()) {
                return;
            }
            try (RevocationSection.Reader entries = bundle.revocations()) {
                sink.get().replaceAll(entries, bundle.version());
            }
            readSync(syncFile).withRevocationVersion(bundle.version()).write(syncFile);
            Logger.info("revocation store now holds the {} entries of bundle version {}", bundle.revocationEntries(),
                    bundle.version());
        } catch (Exception e) {
            Logger.error("handing the revocation data of bundle version {} to the store failed, will retry: {}",
                    bundle.version(), e.getMessage());
            bundleKey = null;
        }
    }

    private static SyncState readSync(Path file) throws IOException {
        try {
            return SyncState.read(file);
        } catch (TrustException e) {
            Logger.warn("ignoring a damaged sync state file: {}", e.getMessage());
            return SyncState.EMPTY;
        }
    }

    /** What identifies one version of a file: identity, size and modification time; null when it is absent. */
    private static Object fileKey(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(attributes.fileKey()), attributes.size(),
                    attributes.lastModifiedTime());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            Logger.warn("cannot look at {}: {}", file, e.getMessage());
            return null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        watch.cancel();
    }
}
