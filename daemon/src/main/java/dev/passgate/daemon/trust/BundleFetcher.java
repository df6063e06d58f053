package dev.passgate.daemon.trust;

import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.tinylog.Logger;

/**
 * Fetches trust bundles from the configured URL in the background and installs them.
 *
 * <p>Each attempt is one GET with {@code If-None-Match} and {@code If-Modified-Since} from the last accepted
 * response (kept in the {@link SyncState} file). A 304 changes nothing. A 200 body is streamed into
 * {@link BundleInstaller#install(InputStream)}, which bounds it, verifies it completely and replaces the installed
 * bundle atomically, or refuses it; only a bundle installed or found unchanged updates the validators. Any other
 * status, an I/O fault or a refused bundle counts as a failure. Attempts are timed by {@link FetchSchedule} on the
 * injected {@link Delays} with the injected random source, and run on the thread of those delays (the daemon gives
 * the fetcher a thread of its own, since an attempt blocks). Plain {@code http://} is only allowed on a loopback
 * host. Not guaranteed: a limit on how long a slow server may take to send the body.
 */
public final class BundleFetcher {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final URI url;
    private final HttpClient client;
    private final BundleInstaller installer;
    private final Path syncFile;
    private final Duration interval;
    private final Delays delays;
    private final DoubleSupplier random;
    private final Consumer<FetchResult> listener;
    private int failures;
    private Cancellable next = () -> { };
    private boolean stopped;

    /** What one attempt came to. */
    public sealed interface FetchResult {
        record NotModified() implements FetchResult {
        }

        record Done(InstallResult install) implements FetchResult {
        }

        record Failed(String reason) implements FetchResult {
        }

        /** Whether the attempt counts as a failure for the backoff. */
        default boolean failed() {
            return this instanceof Failed
                    || this instanceof Done done && done.install() instanceof InstallResult.Refused;
        }
    }

    public BundleFetcher(URI url, HttpClient client, BundleInstaller installer, Duration interval, Delays delays,
                         DoubleSupplier random, Consumer<FetchResult> listener) {
        if (!TrustConfig.acceptableUrl(url)) {
            throw new IllegalArgumentException("trust.url: found " + url + ", expected https, or http on loopback");
        }
        this.url = url;
        this.client = client;
        this.installer = installer;
        this.syncFile = SyncState.fileFor(installer.target());
        this.interval = interval;
        this.delays = delays;
        this.random = random;
        this.listener = listener;
    }

    /** An HTTP client as the fetcher wants it: connect timeout, redirects only when they stay https. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Schedules the first attempt. */
    public synchronized void start() {
        schedule(FetchSchedule.first(interval, random.getAsDouble()));
    }

    /** Cancels the next attempt; an attempt under way finishes. */
    public synchronized void stop() {
        stopped = true;
        next.cancel();
    }

    /** Consecutive failed attempts so far. */
    public synchronized int failures() {
        return failures;
    }

    private synchronized void schedule(Duration delay) {
        if (!stopped) {
            next = delays.schedule(delay, this::attempt);
        }
    }

    private void attempt() {
        FetchResult result = fetchOnce();
        Duration delay;
        synchronized (this) {
            failures = result.failed() ? failures + 1 : 0;
            delay = failures == 0 ? FetchSchedule.afterSuccess(interval, random.getAsDouble())
                    : FetchSchedule.afterFailures(interval, failures, random.getAsDouble());
        }
        if (result.failed()) {
            Logger.warn("fetching trust data failed {} time(s) in a row, next try in {} s", failures(),
                    delay.toMillis() / 1000.0);
        }
        schedule(delay);
    }

    /** Makes one conditional request and installs what it brings; never throws. */
    public FetchResult fetchOnce() {
        FetchResult result;
        try {
            result = request();
        } catch (IOException e) {
            result = new FetchResult.Failed("cannot fetch " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new FetchResult.Failed("interrupted while fetching " + url);
        }
        log(result);
        listener.accept(result);
        return result;
    }

    private FetchResult request() throws IOException, InterruptedException {
        SyncState sync = syncState();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET()
                .header("User-Agent", "passgate");
        sync.etag().ifPresent(etag -> request.header("If-None-Match", etag));
        sync.lastModified().ifPresent(modified -> request.header("If-Modified-Since", modified));
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 304) {
                return new FetchResult.NotModified();
            }
            if (response.statusCode() != 200) {
                return new FetchResult.Failed("GET " + url + ": found HTTP " + response.statusCode()
                        + ", expected 200 or 304");
            }
            InstallResult installed = installer.install(body);
            if (!(installed instanceof InstallResult.Refused)) {
                Optional<String> etag = response.headers().firstValue("ETag");
                Optional<String> modified = response.headers().firstValue("Last-Modified");
                syncState().withValidators(etag, modified).write(syncFile);
            }
            return new FetchResult.Done(installed);
        }
    }

    private SyncState syncState() throws IOException {
        try {
            return SyncState.read(syncFile);
        } catch (TrustException e) {
            Logger.warn("ignoring a damaged sync state file: {}", e.getMessage());
            return SyncState.EMPTY;
        }
    }

    private void log(FetchResult result) {
        if (result instanceof FetchResult.Failed failed) {
            Logger.warn(failed.reason());
        } else if (result instanceof FetchResult.Done done) {
            if (done.install() instanceof InstallResult.Installed installed) {
                Logger.info("fetched and installed trust bundle version {} (was {})", installed.bundle().version(),
                        installed.previousVersion());
            } else if (done.install() instanceof InstallResult.Refused refused) {
                Logger.error("refused the trust bundle fetched from {}: {}; keeping version {}", url,
                        refused.reason(), refused.installedVersion());
            }
        }
    }
}
