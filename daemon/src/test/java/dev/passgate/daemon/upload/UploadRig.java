package dev.passgate.daemon.upload;

import dev.passgate.config.UploadConfig;
import dev.passgate.config.UploadTlsConfig;
import dev.passgate.config.UploadTransport;
import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.collector.CollectorLimits;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * The real parts of an upload test: an entry log with a signing key in a temp folder, and the reference collector
 * (SQLite store and HTTP server on loopback), with helpers to scan and to read the collector's report.
 */
final class UploadRig implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

    final Path dir;
    final String device;
    final DeviceKey key;
    final EntryLogOptions options;
    EntryLog log;
    final CollectorStore store;
    CollectorServer server;
    private int scans;

    UploadRig(Path dir, String device, Clock clock, int checkpointEvery) throws IOException, EntryLogException {
        this(dir, device, clock, checkpointEvery, UnaryOperator.identity());
    }

    UploadRig(Path dir, String device, Clock clock, int checkpointEvery, UnaryOperator<EntryLogOptions> tune)
            throws IOException, EntryLogException {
        this(dir, device, clock, checkpointEvery, tune, false);
    }

    /**
     * A rig whose collector pins the device's key from its first batch (trust on first use) instead of having it
     * enrolled beforehand, so that it knows nothing of the device until an upload arrives.
     */
    static UploadRig trustingOnFirstUse(Path dir, String device, Clock clock, int checkpointEvery)
            throws IOException, EntryLogException {
        return new UploadRig(dir, device, clock, checkpointEvery, UnaryOperator.identity(), true);
    }

    private UploadRig(Path dir, String device, Clock clock, int checkpointEvery,
                      UnaryOperator<EntryLogOptions> tune, boolean trustOnFirstUse)
            throws IOException, EntryLogException {
        this.dir = dir;
        this.device = device;
        this.key = DeviceKey.fromFile(dir.resolve("signing.pem"));
        this.options = tune.apply(EntryLogOptions.defaults().withClock(clock).withSigningKey(key)
                .withCheckpoints(checkpointEvery, Duration.ZERO));
        this.log = EntryLog.open(dir.resolve("entries.db"), device, options);
        this.store = CollectorStore.open(dir.resolve("collector.db"), Clock.systemUTC(), trustOnFirstUse);
        if (!trustOnFirstUse) {
            this.store.enroll(device, key.publicKey().getEncoded());
        }
    }

    UploadRig startCollector(CollectorServer.Faults faults) throws IOException {
        server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store, faults);
        return this;
    }

    /** Starts the collector within {@code limits}. */
    UploadRig startCollector(CollectorServer.Faults faults, CollectorLimits limits) throws IOException {
        server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store, faults,
                limits);
        return this;
    }

    /** Starts the collector serving HTTPS with {@code tls}, requiring a client certificate. */
    UploadRig startCollector(CollectorServer.Faults faults, SSLContext tls) throws IOException {
        server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store, faults, tls);
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + CollectorServer.BATCHES);
    }

    URI httpsUrl() {
        return URI.create("https://127.0.0.1:" + server.address().getPort() + CollectorServer.BATCHES);
    }

    /**
     * An enabled {@code [upload]} section for the HTTPS collector, as the config file gives it: batches of
     * {@code batchSize}, no start-up spread, a 10 s timeout, the {@code proxy} and the {@code tls} files.
     */
    UploadConfig httpsUpload(int batchSize, Optional<String> proxy, UploadTlsConfig tls) {
        return new UploadConfig(true, UploadTransport.HTTP, Optional.of(httpsUrl()), batchSize, Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), 600, 1_000_000, Duration.ZERO, Duration.ofSeconds(10),
                proxy, UploadConfig.DEFAULT_MQTT_TOPIC, tls);
    }

    HttpTransport http() {
        return new HttpTransport(url(), Duration.ofSeconds(10), Optional.empty(), Optional.empty());
    }

    Optional<DeviceKey> signingKey() {
        return Optional.of(key);
    }

    /** Appends {@code count} scans with wall times a second apart; returns the last sequence written. */
    long scan(int count, Instant at) {
        long last = 0;
        for (int i = 0; i < count; i++) {
            int n = scans++;
            Appended appended = log.append(new EntryRecord(at.plusSeconds(i), n * 1_000_000L,
                    n % 4 == 0 ? "EXPIRED" : "VALID", "HC1", "kid" + n % 3, String.format("%032x", n), true));
            last = ((Appended.Written) appended).sequence();
        }
        return last;
    }

    /** Closes the log, lets {@code damage} act on its file, and opens it again as the next start would. */
    void restart(FileDamage damage) throws IOException, EntryLogException {
        log.close();
        damage.apply(dir.resolve("entries.db"));
        log = EntryLog.open(dir.resolve("entries.db"), device, options);
    }

    /** Something done to the log file while the kiosk is down. */
    interface FileDamage {
        void apply(Path file) throws IOException;
    }

    /** Attempts until one is idle or failed, at most 20 times. */
    static List<Uploader.Attempt> untilIdleOrFailed(Uploader uploader) {
        List<Uploader.Attempt> attempts = new ArrayList<>();
        do {
            attempts.add(uploader.uploadOnce());
        } while (attempts.get(attempts.size() - 1).result() == UploadSchedule.Result.SENT_MORE_WAITING
                && attempts.size() < 20);
        return attempts;
    }

    DeviceReport report() throws IOException {
        List<DeviceReport> reports = store.report();
        return reports.stream().filter(r -> r.deviceId().equals(device)).findFirst().orElseThrow();
    }

    @Override
    public void close() throws IOException, EntryLogException {
        if (server != null) {
            server.close();
        }
        log.close();
        store.close();
    }
}
