package dev.passgate.daemon.bench;

import dev.passgate.config.EntryLogConfig;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.audit.Checkpoint;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.upload.UploadBatch;
import dev.passgate.daemon.upload.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Request sizes for {@link FleetSimulation}, measured on the real wire format: a real entry log (default
 * {@code [entry_log]} settings, so with its signed checkpoints every 100 records) of {@link #MAX_BATCH} records as
 * the gate writes them (pseudonymous holder, issuer key id, verdict, format), encoded by {@link WireFormat} as
 * gzip JSON lines for every batch size from 1 to {@link #MAX_BATCH} records, with the device key. Both designs get
 * the same {@link #HTTP_OVERHEAD_BYTES} per request for the request line and headers; the online design's body is
 * the scanned pass text (a real HC1 demo pass). Only client-to-server bytes are counted.
 */
final class FleetWireSizes {
    static final int MAX_BATCH = 500;
    static final int HTTP_OVERHEAD_BYTES = 400;
    private final long[] batchBytes = new long[MAX_BATCH + 1];
    private final long checkpointBytes;
    private final long onlineBody;

    private FleetWireSizes(long checkpointBytes, long onlineBody) {
        this.checkpointBytes = checkpointBytes;
        this.onlineBody = onlineBody;
    }

    static FleetWireSizes measure() throws Exception {
        Path dir = Files.createTempDirectory("passgate-fleet-sizes");
        Instant start = Instant.parse("2021-12-13T03:00:00Z");
        EntryLogConfig config = EntryLogConfig.defaultsIn(dir);
        Clock clock = Clock.fixed(start, ZoneOffset.UTC);
        Minimisation minimisation = Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32]));
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), "kiosk-000001",
                EntryLogOptions.load(config, clock))) {
            for (int i = 0; i < MAX_BATCH; i++) {
                Instant at = start.plus(Duration.ofSeconds(20L * i));
                log.append(minimisation.record(at, 20L * i * 1_000_000_000L, i % 11 == 0 ? "EXPIRED" : "VALID",
                        "HC1", "dy8HnMQYOrE=", null, "HOLDER" + i + "<<GUEST|1980-01-" + (10 + i % 18), true));
            }
            DeviceKey key = DeviceKey.read(config.signingKeyFile());
            List<ChainRecord> records = log.readRecords(0, MAX_BATCH);
            List<Checkpoint> checkpoints = log.checkpoints();
            String pass = DemoPasses.mint(start).samples().get(0).text();
            FleetWireSizes sizes = new FleetWireSizes(checkpointCost(log, records, checkpoints, key), pass.length());
            for (int n = 1; n <= MAX_BATCH; n++) {
                sizes.batchBytes[n] = WireFormat.encode(UploadBatch.signed(log.deviceId(), key,
                        records.subList(0, n), List.of())).length;
            }
            return sizes;
        }
    }

    /** What one signed checkpoint adds to a batch of 100 records. */
    private static long checkpointCost(EntryLog log, List<ChainRecord> records, List<Checkpoint> checkpoints,
                                       DeviceKey key) {
        if (checkpoints.isEmpty()) {
            return 0;
        }
        List<ChainRecord> hundred = records.subList(0, Math.min(100, records.size()));
        long with = WireFormat.encode(UploadBatch.signed(log.deviceId(), key, hundred, checkpoints.subList(0, 1)))
                .length;
        long without = WireFormat.encode(UploadBatch.signed(log.deviceId(), key, hundred, List.of())).length;
        return with - without;
    }

    /** Bytes of one upload request of {@code records} records after {@code uploadedBefore} of this kiosk's. */
    long requestBytes(int records, int uploadedBefore) {
        long checkpoints = (uploadedBefore + records) / 100 - uploadedBefore / 100;
        return HTTP_OVERHEAD_BYTES + batchBytes[Math.min(records, MAX_BATCH)] + checkpoints * checkpointBytes;
    }

    long onlineRequestBytes() {
        return HTTP_OVERHEAD_BYTES + onlineBody;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "wire sizes (gzip JSON lines, measured): 1 record %d B, 10 records %d B, "
                + "100 records %d B (%.0f B/record), 500 records %d B; a checkpoint adds %d B; online request body "
                + "(one HC1 pass) %d B; + %d B headers per request", batchBytes[1], batchBytes[10], batchBytes[100],
                batchBytes[100] / 100.0, batchBytes[MAX_BATCH], checkpointBytes, onlineBody, HTTP_OVERHEAD_BYTES);
    }
}
