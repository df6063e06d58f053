package dev.passgate.daemon.bench;

import dev.passgate.config.UploadConfig;
import dev.passgate.config.UploadTlsConfig;
import dev.passgate.config.UploadTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of {@link FleetLoopbackHarness}, each {@code key=value}, every one optional. Times are in seconds
 * (decimals allowed), rates in scans a minute per kiosk. The kiosks' logs sign a checkpoint every
 * {@code checkpoint-records} records and, at the next write, once {@code checkpoint-every} has passed (the time
 * trigger compressed like the upload's times; the harness never calls {@code EntryLog.maintain}, so every
 * checkpoint is written with a record and travels with it). An unknown key or a value that is not a number is
 * refused, naming the argument, with all problems at once.
 */
record FleetOptions(int kiosks, Duration run, Duration interval, Duration spread, int batch, int requestsPerMinute,
                    int recordsPerMinute, Duration minBackoff, Duration maxBackoff, Duration timeout,
                    double basePerMinute, double peakPerMinute, int threads, Path folder, long seed,
                    Duration drain, int checkpointRecords, Duration checkpointEvery) {
    /** The defaults, in the order {@link #describe} prints them. */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("kiosks", "300");
        defaults.put("seconds", "120");
        defaults.put("interval", "20");
        defaults.put("spread", "10");
        defaults.put("batch", "500");
        defaults.put("rpm", "6");
        defaults.put("records-per-minute", Integer.toString(UploadConfig.DEFAULT_RECORDS_PER_MINUTE));
        defaults.put("min-backoff", "1");
        defaults.put("max-backoff", "10");
        defaults.put("timeout", "30");
        defaults.put("base", "2");
        defaults.put("peak", "30");
        defaults.put("threads", "2");
        defaults.put("folder", System.getProperty("java.io.tmpdir"));
        defaults.put("seed", "1");
        defaults.put("drain", "60");
        defaults.put("checkpoint-records", "100");
        defaults.put("checkpoint-every", "30");
        return defaults;
    }

    static FleetOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        List<String> problems = new ArrayList<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String key = equals < 0 ? arg : arg.substring(0, equals);
            if (equals < 0 || !DEFAULTS.containsKey(key)) {
                problems.add("\"" + arg + "\"");
            } else {
                values.put(key, arg.substring(equals + 1));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("arguments " + String.join(", ", problems) + ": expected key=value"
                    + " with a key of " + DEFAULTS.keySet() + " (the bench profile's default arguments are JMH's:"
                    + " pass -Dbench.args with at least one key)");
        }
        try {
            return new FleetOptions(Integer.parseInt(values.get("kiosks")), seconds(values, "seconds"),
                    seconds(values, "interval"), seconds(values, "spread"), Integer.parseInt(values.get("batch")),
                    Integer.parseInt(values.get("rpm")), Integer.parseInt(values.get("records-per-minute")),
                    seconds(values, "min-backoff"), seconds(values, "max-backoff"), seconds(values, "timeout"),
                    Double.parseDouble(values.get("base")), Double.parseDouble(values.get("peak")),
                    Integer.parseInt(values.get("threads")), Path.of(values.get("folder")),
                    Long.parseLong(values.get("seed")), seconds(values, "drain"),
                    Integer.parseInt(values.get("checkpoint-records")), seconds(values, "checkpoint-every"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("arguments " + values + ": expected numbers, " + e.getMessage(), e);
        }
    }

    private static Duration seconds(Map<String, String> values, String key) {
        return Duration.ofMillis(Math.round(Double.parseDouble(values.get(key)) * 1000));
    }

    /** The upload section of a kiosk pointed at {@code url}, validated as the configuration parser would. */
    UploadConfig upload(URI url) {
        return new UploadConfig(true, UploadTransport.HTTP, Optional.of(url), batch, interval, minBackoff,
                maxBackoff, requestsPerMinute, recordsPerMinute, spread, timeout, Optional.empty(),
                UploadConfig.DEFAULT_MQTT_TOPIC, UploadTlsConfig.DEFAULTS);
    }

    String describe() {
        return String.format("kiosks=%d seconds=%d interval=%.1f spread=%.1f batch=%d rpm=%d records-per-minute=%d"
                + " min-backoff=%.1f max-backoff=%.1f timeout=%.1f base=%s peak=%s threads=%d folder=%s seed=%d"
                + " drain=%.1f checkpoint-records=%d checkpoint-every=%.1f", kiosks, run.toSeconds(),
                secs(interval), secs(spread), batch, requestsPerMinute, recordsPerMinute, secs(minBackoff),
                secs(maxBackoff), secs(timeout), basePerMinute, peakPerMinute,
                threads, folder, seed, secs(drain), checkpointRecords, secs(checkpointEvery));
    }

    private static double secs(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
