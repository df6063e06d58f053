package dev.passgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which keys of a configuration the running daemon can take over on a reload, and which need a restart.
 *
 * <p>Reloadable, applied between two scans: {@code verify.*} (policy and trust files), the staleness ages and
 * modes of {@code [trust]}, {@code feedback.hold_ms} and {@code feedback.verdicts}, {@code entry_log.fields},
 * and {@code [gate]} except the clock-judging keys. Everything else is bound to something opened at start (the
 * data folder, files, ports, pins, the log framework, the trust fetcher, the metrics endpoint) and needs a
 * restart ({@code [door]} too): a reload keeps the running value and reports the key. {@code log.level} is among
 * them because the logging framework fixes its level at the first line it writes.
 *
 * <p>{@link #needingRestart} compares the configuration the daemon started with to a newly loaded one, so a
 * key changed and then changed back no longer needs a restart.
 */
public final class ConfigChanges {

    private ConfigChanges() {
    }

    /** The dotted keys (or sections) that differ between the two and that only a restart applies, in file order. */
    public static List<String> needingRestart(PassgateConfig running, PassgateConfig loaded) {
        List<String> keys = new ArrayList<>();
        Diff diff = new Diff(running, loaded, keys);
        diff.check("device.id", c -> c.device().id());
        diff.check("device.data_dir", c -> c.device().dataDir());
        diff.check("device.site_secret_file", c -> c.device().siteSecretFile());
        diff.check("log.level", c -> c.log().level());
        diff.check("scan.max_length", c -> c.scan().maxLength());
        diff.check("scan.stdin", c -> c.scan().stdin());
        diff.check("scan.serial", c -> c.scan().serial());
        diff.check("scan.wedge", c -> c.scan().wedge());
        diff.check("scan.camera", c -> c.scan().camera());
        diff.check("trust.roots", c -> c.trust().roots());
        diff.check("trust.bundle_file", c -> c.trust().bundleFile());
        diff.check("trust.url", c -> c.trust().url());
        diff.check("trust.fetch_interval_ms", c -> c.trust().fetchInterval());
        diff.check("trust.max_bundle_bytes", c -> c.trust().fetchLimits().maxBundleBytes());
        diff.check("trust.free_space_reserve_megabytes", c -> c.trust().fetchLimits().freeSpaceReserveBytes());
        diff.check("trust.fetch_timeout_ms", c -> c.trust().fetchLimits().timeout());
        diff.check("trust.fetch_min_bytes_per_second", c -> c.trust().fetchLimits().minBytesPerSecond());
        diff.check("gate.clock_max_jump_ms", c -> c.gate().maxClockJump());
        diff.check("gate.clock_sync_flag", c -> c.gate().syncFlag());
        diff.check("feedback.console", c -> c.feedback().console());
        diff.check("feedback.gpio", c -> c.feedback().gpio());
        diff.check("feedback.audio", c -> c.feedback().audio());
        diff.check("entry_log.retention_days", c -> c.entryLog().retention());
        diff.check("entry_log.max_records", c -> c.entryLog().maxRecords());
        diff.check("entry_log.max_megabytes", c -> c.entryLog().maxMegabytes());
        diff.check("entry_log.checkpoint_every_records", c -> c.entryLog().checkpointEveryRecords());
        diff.check("entry_log.checkpoint_every_minutes", c -> c.entryLog().checkpointEvery());
        diff.check("entry_log.signing_key_file", c -> c.entryLog().signingKeyFile());
        diff.check("entry_log.encryption", c -> c.entryLog().encryption());
        diff.check("metrics", PassgateConfig::metrics);
        diff.check("upload", PassgateConfig::upload);
        diff.check("inputs", PassgateConfig::inputs);
        diff.check("staff", PassgateConfig::staff);
        diff.check("door", PassgateConfig::door);
        diff.check("site", PassgateConfig::site);
        return List.copyOf(keys);
    }

    private record Diff(PassgateConfig running, PassgateConfig loaded, List<String> keys) {
        void check(String key, Function<PassgateConfig, Object> part) {
            if (!Objects.equals(part.apply(running), part.apply(loaded))) {
                keys.add(key);
            }
        }
    }
}
