package dev.passgate.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole configuration of one kiosk, as loaded from {@code source}. Every part is immutable and every
 * value lies in its declared range; see {@link ConfigLoader} for how a file becomes one of these and for the
 * checks that span several parts. {@code source} is the file as named by the caller, not made absolute.
 */
public record PassgateConfig(Path source, DeviceConfig device, LogConfig log, ScanConfig scan,
                             VerifyConfig verify, FeedbackConfig feedback, TrustConfig trust,
                             EntryLogConfig entryLog, GateConfig gate, MetricsConfig metrics, UploadConfig upload,
                             InputsConfig inputs, VenueConfig venue, StaffConfig staff, DoorConfig door,
                             SiteConfig site) {

    /** A configuration whose {@code [trust]}, {@code [entry_log]} and {@code [gate]} sections are at their defaults. */
    public PassgateConfig(Path source, DeviceConfig device, LogConfig log, ScanConfig scan, VerifyConfig verify,
                          FeedbackConfig feedback) {
        this(source, device, log, scan, verify, feedback, TrustConfig.defaultsIn(device.dataDir()),
                EntryLogConfig.defaultsIn(device.dataDir()), GateConfig.DEFAULTS);
    }

    /** A configuration whose {@code [metrics]} and {@code [upload]} sections are at their defaults (off). */
    public PassgateConfig(Path source, DeviceConfig device, LogConfig log, ScanConfig scan, VerifyConfig verify,
                          FeedbackConfig feedback, TrustConfig trust, EntryLogConfig entryLog, GateConfig gate) {
        this(source, device, log, scan, verify, feedback, trust, entryLog, gate, MetricsConfig.DEFAULTS,
                UploadConfig.DEFAULTS);
    }

    /** A configuration with no switch wired to a GPIO input and the later sections at their defaults. */
    public PassgateConfig(Path source, DeviceConfig device, LogConfig log, ScanConfig scan, VerifyConfig verify,
                          FeedbackConfig feedback, TrustConfig trust, EntryLogConfig entryLog, GateConfig gate,
                          MetricsConfig metrics, UploadConfig upload) {
        this(source, device, log, scan, verify, feedback, trust, entryLog, gate, metrics, upload, InputsConfig.NONE,
                VenueConfig.DEFAULTS, StaffConfig.DEFAULTS, DoorConfig.DEFAULTS, SiteConfig.DEFAULTS);
    }

    /** Rejects a missing part. */
    public PassgateConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(entryLog, "entryLog");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(staff, "staff");
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(site, "site");
    }
}
