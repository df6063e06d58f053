package dev.passgate.daemon.app;

import dev.passgate.config.ConfigChanges;
import dev.passgate.config.ConfigError;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The running configuration and the parts of the kiosk a reload may swap: the {@link Gate}'s rules, the feedback
 * table and hold time, and the staleness rules and base trust of bundle-managed trust. Which keys those are is
 * {@link ConfigChanges}'s to say; everything opened at start (entry log, replay cache, revocation store, readers,
 * outputs, the trust fetcher) is handed in as it is and kept.
 *
 * <p>A reload is all or nothing. A file with errors, an unknown policy or an unreadable trust file changes nothing:
 * each error is logged and kept in the {@link ReloadReport}. Otherwise the new parts are built first, off the scan
 * path, and swapped in between two scans by {@link Gate#reconfigure}, so a scan in progress finishes with the old
 * settings and the next one uses the new. Restart-only keys that changed keep their running value and are listed in
 * the report. Reloads are serialised; thread-safe.
 */
public final class LiveConfig {
    private final PassgateConfig started;
    private final Parts parts;
    private final Clock clock;
    private volatile PassgateConfig current;
    private volatile ReloadReport last;

    /**
     * What a reload keeps from start and builds on: the long-lived parts the rules are assembled on (see
     * {@link GateAssembly.Parts}), the outputs and the gate.
     */
    public record Parts(GateAssembly.Parts assembly, Feedback feedback, Gate gate) {
    }

    public LiveConfig(PassgateConfig started, Parts parts, Clock clock) {
        this.started = started;
        this.current = started;
        this.parts = parts;
        this.clock = clock;
        this.last = ReloadReport.none(String.valueOf(started.source()));
    }

    /** The configuration the kiosk started with; restart-only keys keep these values. */
    public PassgateConfig started() {
        return started;
    }

    /** The configuration of the last applied reload, or the one the kiosk started with. */
    public PassgateConfig current() {
        return current;
    }

    public ReloadReport lastReload() {
        return last;
    }

    /** Applies a freshly loaded configuration, or records why it cannot be; see the class comment. */
    public synchronized ReloadReport reload(ConfigResult result) {
        String source = String.valueOf(started.source());
        if (result instanceof ConfigResult.Invalid invalid) {
            return reject(source, invalid.errors().stream().map(ConfigError::toString).toList());
        }
        PassgateConfig next = ((ConfigResult.Loaded) result).config();
        GateAssembly.Assembled assembled = GateAssembly.assemble(next, parts.assembly(),
                Optional.of(parts.gate().rules().passback()));
        if (!assembled.ok()) {
            return reject(source, assembled.errors());
        }
        parts.gate().reconfigure(assembled.rules().orElseThrow(), () -> {
            parts.feedback().reconfigure(FeedbackTable.of(next.feedback().verdicts(), next.feedback().reasons()),
                    next.feedback().hold());
            parts.assembly().trust().ifPresent(service -> service.manager().reconfigure(next.trust(),
                    assembled.base()));
        });
        current = next;
        last = new ReloadReport(ReloadReport.Result.APPLIED, Optional.of(clock.instant()), source, List.of(),
                ConfigChanges.needingRestart(started, next));
        Logger.info("{}", last.summary());
        return last;
    }

    private ReloadReport reject(String source, List<String> errors) {
        Logger.error("configuration reload from {} rejected, the running configuration is kept; {} error(s):",
                source, errors.size());
        errors.forEach(error -> Logger.error("  {}", error));
        last = new ReloadReport(ReloadReport.Result.REJECTED, Optional.of(clock.instant()), source, errors,
                List.of());
        return last;
    }
}
