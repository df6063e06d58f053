package dev.passgate.daemon.trust;

import dev.passgate.config.FetchLimits;
import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Fetches trust bundles from the configured URL in the background and installs them.
 *
 * <p>Each attempt is one GET with {@code If-None-Match} and {@code If-Modified-Since} from the last accepted
 * response (kept in the {@link SyncState} file). A 304 changes nothing. A 200 body is written by a
 * {@link BoundedDownload} into a temporary file beside the installed bundle within the {@link FetchLimits} (a
 * {@code Content-Length} above {@code maxBundleBytes} or one that would eat into the free-space reserve is refused
 * before a byte is read), then handed to {@link BundleInstaller}, which verifies it completely and replaces the
 * installed bundle atomically, or refuses it; only a bundle installed or found unchanged updates the validators.
 * The whole attempt has a deadline ({@code timeout}), and once the headers are in, every window of
 * {@link #THROUGHPUT_WINDOW} must bring at least {@code minBytesPerSecond} per second, or the attempt is abandoned
 * and its temporary file removed. Redirects (at most {@link #MAX_REDIRECTS}) are followed by the fetcher itself and
 * only to a URL that {@code trust.url} would accept (https, or http on a loopback host). Any other status, an I/O
 * fault, a limit hit or a refused bundle counts as a failure; {@link #status()} tells the last attempt, the last
 * success, the failures in a row and the last failure's reason. Attempts are timed by {@link FetchSchedule} on the
 * injected {@link Delays} with the injected random source, and run on the thread of those delays (the daemon gives
 * the fetcher a thread of its own, so that an attempt never holds up the pick-up of a bundle installed by hand).
 * Not guaranteed: the deadline is checked by the waiting thread, so a stuck attempt ends within a window after it.
 */
public final class BundleFetcher {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_REDIRECTS = 5;
    static final Duration THROUGHPUT_WINDOW = Duration.ofSeconds(10);

    private final URI url;
    private final HttpClient client;
    private final BundleInstaller installer;
    private final Path syncFile;
    private final Duration interval;
    private final Delays delays;
    private final DoubleSupplier random;
    private final Consumer<FetchResult> listener;
    private final FetchLimits limits;
    private final Clock clock;
    private final LongSupplier monotonic;
    private Duration window = THROUGHPUT_WINDOW;
    private BoundedDownload.UsableSpace usableSpace = BoundedDownload.UsableSpace.FILE_STORE;
    private FetchStatus status;
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

    /** A fetcher with the default {@link FetchLimits}, the system clock and {@link System#nanoTime()}. */
    public BundleFetcher(URI url, HttpClient client, BundleInstaller installer, Duration interval, Delays delays,
                         DoubleSupplier random, Consumer<FetchResult> listener) {
        this(url, client, installer, interval, delays, random, listener, FetchLimits.DEFAULTS, Clock.systemUTC(),
                System::nanoTime);
    }

    public BundleFetcher(URI url, HttpClient client, BundleInstaller installer, Duration interval, Delays delays,
                         DoubleSupplier random, Consumer<FetchResult> listener, FetchLimits limits, Clock clock,
                         LongSupplier monotonic) {
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
        this.limits = limits;
        this.clock = clock;
        this.monotonic = monotonic;
        this.status = FetchStatus.initial(url);
    }

    /**
     * An HTTP client as the fetcher wants it: connect timeout, and no redirects of its own (the fetcher follows
     * them, checking each target).
     */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Test seams: a shorter throughput window and another view of the free space. */
    synchronized BundleFetcher withSeams(Duration throughputWindow, BoundedDownload.UsableSpace space) {
        this.window = throughputWindow;
        this.usableSpace = space;
        return this;
    }

    /** What the fetcher has done so far. */
    public synchronized FetchStatus status() {
        return status;
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
        return status.consecutiveFailures();
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
            int failures = status.consecutiveFailures();
            delay = failures == 0 ? FetchSchedule.afterSuccess(interval, random.getAsDouble())
                    : FetchSchedule.afterFailures(interval, failures, random.getAsDouble());
        }
        if (result.failed()) {
            Logger.warn("fetching trust data failed {} time(s) in a row, next try in {} s", failures(),
                    delay.toMillis() / 1000.0);
        }
        schedule(delay);
    }

    /** Makes one conditional request (following acceptable redirects) and installs what it brings; never throws. */
    public FetchResult fetchOnce() {
        Instant startedAt = clock.instant();
        synchronized (this) {
            status = status.attempted(startedAt);
        }
        long deadline = monotonic.getAsLong() + limits.timeout().toNanos();
        FetchResult result;
        try {
            result = request(deadline);
        } catch (IOException e) {
            result = new FetchResult.Failed("cannot fetch " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new FetchResult.Failed("interrupted while fetching " + url);
        } catch (RuntimeException e) {
            // Whatever a server sends must not end the fetch schedule; it is a failed attempt like any other.
            Logger.error(e, "unexpected fault while fetching {}", url);
            result = new FetchResult.Failed("cannot fetch " + url + ": " + e);
        }
        synchronized (this) {
            status = result.failed() ? status.failed(clock.instant(), reason(result)) : status.succeeded(startedAt);
        }
        log(result);
        listener.accept(result);
        return result;
    }

    private static String reason(FetchResult result) {
        if (result instanceof FetchResult.Failed failed) {
            return failed.reason();
        }
        return "refused the fetched bundle: " + ((InstallResult.Refused) ((FetchResult.Done) result).install())
                .reason();
    }

    private FetchResult request(long deadline) throws IOException, InterruptedException {
        SyncState sync = syncState();
        URI target = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Duration left = Duration.ofNanos(deadline - monotonic.getAsLong());
            if (left.isNegative() || left.isZero()) {
                return new FetchResult.Failed("GET " + target + ": no answer within " + limits.timeout().toMillis()
                        + " ms (trust.fetch_timeout_ms)");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(left).GET()
                    .header("User-Agent", "passgate");
            sync.etag().ifPresent(etag -> validator(request, "If-None-Match", etag));
            sync.lastModified().ifPresent(modified -> validator(request, "If-Modified-Since", modified));
            BoundedDownload download = new BoundedDownload(limits, AtomicFiles.folderOf(installer.target()),
                    installer::newTemp, usableSpace);
            Exchange exchange = await(target, client.sendAsync(request.build(), download), download, deadline);
            if (exchange.failure().isPresent()) {
                return exchange.failure().get();
            }
            HttpResponse<BoundedDownload.Body> response = exchange.response();
            int code = response.statusCode();
            if (isRedirect(code)) {
                Optional<String> location = response.headers().firstValue("Location");
                URI next = location.map(l -> resolve(response.uri(), l)).orElse(null);
                if (next == null || !TrustConfig.acceptableUrl(next)) {
                    return new FetchResult.Failed("GET " + target + ": refused to follow HTTP " + code + " to "
                            + location.orElse("(no Location)") + ", expected https, or http on a loopback host");
                }
                target = next;
                continue;
            }
            return answer(target, response);
        }
        return new FetchResult.Failed("GET " + url + ": found more than " + MAX_REDIRECTS + " redirects, expected "
                + "at most that");
    }

    /** Adds a validator the server sent earlier, unless it is not a valid header value (then it is left out). */
    private static void validator(HttpRequest.Builder request, String name, String value) {
        try {
            request.header(name, value);
        } catch (IllegalArgumentException e) {
            Logger.warn("leaving out the {} header: the server's validator is not a valid header value", name);
        }
    }

    private FetchResult answer(URI target, HttpResponse<BoundedDownload.Body> response) throws IOException {
        BoundedDownload.Body body = response.body();
        if (response.statusCode() == 304) {
            return new FetchResult.NotModified();
        }
        if (response.statusCode() != 200) {
            return new FetchResult.Failed("GET " + target + ": found HTTP " + response.statusCode()
                    + ", expected 200 or 304");
        }
        if (body instanceof BoundedDownload.Body.Refused refused) {
            return new FetchResult.Failed("GET " + target + ": " + refused.reason());
        }
        if (!(body instanceof BoundedDownload.Body.Saved saved)) {
            return new FetchResult.Failed("GET " + target + ": found no body");
        }
        InstallResult installed = installer.installStaged(saved.file());
        if (!(installed instanceof InstallResult.Refused)) {
            Optional<String> etag = response.headers().firstValue("ETag");
            Optional<String> modified = response.headers().firstValue("Last-Modified");
            syncState().withValidators(etag, modified).write(syncFile);
        }
        return new FetchResult.Done(installed);
    }

    /** A response, or the failure that ended the wait for it. */
    private record Exchange(HttpResponse<BoundedDownload.Body> response, Optional<FetchResult> failure) {
    }

    /**
     * Waits for the response and its body until the deadline, checking the body's throughput at the end of each
     * window once the headers are in; abandons the exchange (and its temporary file) when either is not met.
     */
    private Exchange await(URI target, CompletableFuture<HttpResponse<BoundedDownload.Body>> future,
                           BoundedDownload download, long deadline) throws InterruptedException {
        // An interrupt (the daemon stopping) abandons the exchange too, so that no temporary file stays behind.
        long windowNanos = window.toNanos();
        long windowEnd = Long.MAX_VALUE;
        long windowStartBytes = 0;
        while (true) {
            long now = monotonic.getAsLong();
            if (download.headersSeen() && windowEnd == Long.MAX_VALUE) {
                windowEnd = now + windowNanos;
                windowStartBytes = download.received();
            }
            if (now - deadline >= 0) {
                return abandon(future, download, "GET " + target + ": not complete within "
                        + limits.timeout().toMillis() + " ms (trust.fetch_timeout_ms) after " + download.received()
                        + " bytes of the body");
            }
            if (windowEnd != Long.MAX_VALUE && now - windowEnd >= 0) {
                long bytes = download.received() - windowStartBytes;
                long wanted = limits.minBytesPerSecond() * window.toMillis() / 1000;
                if (bytes < wanted) {
                    return abandon(future, download, "GET " + target + ": found " + bytes + " bytes of the body in "
                            + window.toMillis() + " ms, expected at least " + wanted + " ("
                            + limits.minBytesPerSecond() + " bytes/s, trust.fetch_min_bytes_per_second)");
                }
                windowEnd = now + windowNanos;
                windowStartBytes = download.received();
            }
            long wait = Math.min(deadline - now, windowEnd == Long.MAX_VALUE ? windowNanos : windowEnd - now);
            try {
                return new Exchange(future.get(Math.max(wait, 1), TimeUnit.NANOSECONDS), Optional.empty());
            } catch (TimeoutException e) {
                // Look at the deadline and the throughput again.
            } catch (ExecutionException e) {
                download.abort();
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return new Exchange(null, Optional.of(new FetchResult.Failed("cannot fetch " + target + ": "
                        + cause)));
            } catch (InterruptedException e) {
                abandon(future, download, "interrupted");
                throw e;
            }
        }
    }

    private static Exchange abandon(CompletableFuture<HttpResponse<BoundedDownload.Body>> future,
                                    BoundedDownload download, String reason) {
        download.abort();
        future.cancel(true);
        // The body may have been saved in the very moment the wait ended; its file is not installed then.
        HttpResponse<BoundedDownload.Body> late = future.isCompletedExceptionally() ? null : future.getNow(null);
        if (late != null && late.body() instanceof BoundedDownload.Body.Saved saved) {
            try {
                Files.deleteIfExists(saved.file());
            } catch (IOException e) {
                Logger.warn("cannot remove {}: {}", saved.file(), e.getMessage());
            }
        }
        return new Exchange(null, Optional.of(new FetchResult.Failed(reason)));
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private static URI resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
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
