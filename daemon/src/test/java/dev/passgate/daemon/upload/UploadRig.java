package dev.passgate.daemon.upload;

import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
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
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
        this.dir = dir;
        this.device = device;
        this.key = DeviceKey.fromFile(dir.resolve("signing.pem"));
        this.options = tune.apply(EntryLogOptions.defaults().withClock(clock).withSigningKey(key)
                .withCheckpoints(checkpointEvery, Duration.ZERO));
        this.log = EntryLog.open(dir.resolve("entries.db"), device, options);
        this.store = CollectorStore.open(dir.resolve("collector.db"), Clock.systemUTC());
    }

    UploadRig startCollector(CollectorServer.Faults faults) throws IOException {
        server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store, faults);
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + CollectorServer.BATCHES);
    }

    HttpTransport http() {
        return new HttpTransport(url(), Duration.ofSeconds(10), Optional.empty(), Optional.empty());
    }

    Optional<byte[]> publicKey() {
        return Optional.of(key.publicKey().getEncoded());
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
