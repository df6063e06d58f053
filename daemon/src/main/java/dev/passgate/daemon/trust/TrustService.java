package dev.passgate.daemon.trust;

import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.ExecutorDelays;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Bundle-managed trust for the daemon, put together from the configuration: a {@link TrustManager} watching the
 * installed files on a thread of its own ({@code passgate-trust}) and, when {@code trust.url} is set, a
 * {@link BundleFetcher} on another ({@code passgate-fetch}), so that a slow download never holds up a scan, the
 * pick-up of a bundle installed by hand or an override, and a long revocation feed never holds up a scan. A bundle
 * the fetcher installs is taken into use at once.
 */
public final class TrustService implements AutoCloseable {
    private final ExecutorDelays delays;
    private final Optional<ExecutorDelays> fetchDelays;
    private final TrustManager manager;
    private final Optional<BundleFetcher> fetcher;

    private TrustService(ExecutorDelays delays, Optional<ExecutorDelays> fetchDelays, TrustManager manager,
                         Optional<BundleFetcher> fetcher) {
        this.delays = delays;
        this.fetchDelays = fetchDelays;
        this.manager = manager;
        this.fetcher = fetcher;
    }

    /**
     * Builds the service for a configuration that pins roots. {@code base} is the trust from files that every
     * snapshot includes; {@code sink} receives revocation data (empty while no revocation store is wired).
     */
    public static TrustService create(TrustConfig config, TrustStore base, Clock clock, Optional<RevocationSink> sink,
                                      Consumer<TrustStatus> onStateChange) throws BundleException {
        PinnedRoots roots = PinnedRoots.of(config.roots());
        ExecutorDelays delays = new ExecutorDelays("passgate-trust");
        TrustManager manager = new TrustManager(config, roots, base, clock, delays, sink, onStateChange);
        Optional<BundleFetcher> fetcher = Optional.empty();
        Optional<ExecutorDelays> fetchDelays = Optional.empty();
        if (config.url().isPresent()) {
            URI url = config.url().get();
            Random random = new Random();
            fetchDelays = Optional.of(new ExecutorDelays("passgate-fetch"));
            fetcher = Optional.of(new BundleFetcher(url, BundleFetcher.defaultClient(),
                    new BundleInstaller(config.bundleFile(), roots, clock), config.fetchInterval(),
                    fetchDelays.get(), random::nextDouble, result -> {
                        if (result instanceof BundleFetcher.FetchResult.Done done
                                && done.install() instanceof InstallResult.Installed) {
                            manager.refresh();
                        }
                    }, config.fetchLimits(), clock, System::nanoTime));
        }
        return new TrustService(delays, fetchDelays, manager, fetcher);
    }

    public TrustSnapshot snapshot() {
        return manager.snapshot();
    }

    public TrustManager manager() {
        return manager;
    }

    public Optional<BundleFetcher> fetcher() {
        return fetcher;
    }

    /** What the fetcher has done so far; empty without {@code trust.url}. */
    public Optional<FetchStatus> fetchStatus() {
        return fetcher.map(BundleFetcher::status);
    }

    /** Loads the installed bundle (on the calling thread, so the first scan has it), then watches and fetches. */
    public void start() {
        manager.start();
        fetcher.ifPresent(BundleFetcher::start);
    }

    @Override
    public void close() {
        fetcher.ifPresent(BundleFetcher::stop);
        fetchDelays.ifPresent(ExecutorDelays::close);
        manager.close();
        delays.close();
    }
}
