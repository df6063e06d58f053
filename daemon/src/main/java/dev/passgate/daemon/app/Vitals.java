package dev.passgate.daemon.app;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.clock.TrustedClock;
import dev.passgate.daemon.trust.FetchStatus;
import dev.passgate.daemon.trust.TrustBundle;
import dev.passgate.daemon.trust.TrustService;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.trust.TrustState;
import dev.passgate.daemon.verify.Verdict;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What {@code passgate status} and the metrics endpoint read from a running kiosk besides its counts: the clock's
 * trust, the trust data's staleness, the entry log's upload queue, and the metrics text itself.
 *
 * <p>The metrics are in the Prometheus text exposition format, version 0.0.4, one sample per line:
 * <pre>
 *   # HELP passgate_verdicts_total Decisions since start, per verdict.
 *   # TYPE passgate_verdicts_total counter
 *   passgate_verdicts_total{verdict="VALID"} 12
 * </pre>
 * Names: {@code passgate_up}, {@code passgate_verdicts_total{verdict}}, {@code passgate_scan_decision_seconds}
 * (histogram, the {@link GateStats} buckets), {@code passgate_entry_log_pending}, {@code passgate_entry_log_unlogged},
 * {@code passgate_upload_errors_total}, {@code passgate_clock_trusted}, {@code passgate_config_reload_ok}, and with
 * bundle-managed trust {@code passgate_trust_staleness{state}} (1 for the current state, 0 for the others) and
 * {@code passgate_trust_bundle_age_seconds}, and with {@code trust.url}
 * {@code passgate_trust_fetch_consecutive_failures} and the Unix times
 * {@code passgate_trust_fetch_last_attempt_timestamp_seconds},
 * {@code passgate_trust_fetch_last_success_timestamp_seconds} and
 * {@code passgate_trust_fetch_last_error_timestamp_seconds} (each left out until it happened), and with {@code [site]}
 * {@code passgate_site_messages_total{peer,outcome}} and {@code passgate_site_dropped_total{reason}}. Names are
 * only ever added. No label holds personal data. A value that cannot be read (an entry log that does not answer) is
 * left out of that scrape, not reported as zero.
 */
public final class Vitals {
    private final Gate gate;
    private final EntryLog log;
    private final TrustedClock trustedClock;
    private final Clock wall;
    private final LongSupplier uploadErrors;
    private final LiveConfig live;
    private final Optional<TrustService> trust;

    Vitals(Gate gate, EntryLog log, TrustedClock trustedClock, Clock wall, LongSupplier uploadErrors,
           LiveConfig live, Optional<TrustService> trust) {
        this.trust = trust;
        this.gate = gate;
        this.log = log;
        this.trustedClock = trustedClock;
        this.wall = wall;
        this.uploadErrors = uploadErrors;
        this.live = live;
    }

    /** The counter the entry-log uploader increments on each failed upload. */
    /** Failed upload attempts since start (0 without an uploader). */
    public long uploadErrors() {
        return uploadErrors.getAsLong();
    }

    /** The clock as the retention purge judges it ({@link TrustedClock#readForPurge}). */
    public TrustedClock.Reading clockForPurge() {
        return trustedClock.readForPurge();
    }

    /** A reading of the clock as the next scan would take it. */
    public StatusReport.ClockState clock() {
        TrustedClock.Reading reading = trustedClock.read();
        return new StatusReport.ClockState(reading.trusted(), Optional.ofNullable(reading.reason()),
                trustedClock.floor());
    }

    /** The staleness of bundle-managed trust now; empty when trust comes from files only. */
    public Optional<StatusReport.TrustData> trustData() {
        TrustSnapshot snapshot = gate.rules().trust().get();
        return snapshot.status(wall.instant()).map(status -> new StatusReport.TrustData(status,
                snapshot.bundle().map(TrustBundle::issuedAt), fetchStatus()));
    }

    /** What the bundle fetcher has done so far; empty without {@code trust.url}. */
    public Optional<FetchStatus> fetchStatus() {
        return trust.flatMap(TrustService::fetchStatus);
    }

    /** The number of trust entries (signer keys) the next scan decides with. */
    public int trustEntries() {
        return gate.rules().trust().get().store().size();
    }

    /** Records not uploaded yet; empty when the entry log cannot be read. */
    public Optional<Long> pendingUpload() {
        try {
            return Optional.of(log.pendingUpload());
        } catch (EntryLogException e) {
            return Optional.empty();
        }
    }

    /** The metrics text, as the class comment describes. */
    public String prometheus() {
        StringBuilder out = new StringBuilder(4096);
        metric(out, "passgate_up", "gauge", "1 while the daemon runs.");
        out.append("passgate_up 1\n");
        GateStats stats = gate.stats();
        metric(out, "passgate_verdicts_total", "counter", "Decisions since start, per verdict.");
        for (Map.Entry<Verdict, Long> count : stats.verdictCounts().entrySet()) {
            out.append("passgate_verdicts_total{verdict=\"").append(count.getKey().name()).append("\"} ")
                    .append(count.getValue()).append('\n');
        }
        histogram(out, stats);
        metric(out, "passgate_entry_log_pending", "gauge", "Entry-log records not uploaded yet.");
        pendingUpload().ifPresent(pending -> out.append("passgate_entry_log_pending ").append(pending).append('\n'));
        metric(out, "passgate_entry_log_unlogged", "gauge", "Decisions given that the entry log could not write.");
        out.append("passgate_entry_log_unlogged ").append(log.status().unlogged()).append('\n');
        metric(out, "passgate_upload_errors_total", "counter", "Entry-log uploads that failed.");
        out.append("passgate_upload_errors_total ").append(uploadErrors.getAsLong()).append('\n');
        metric(out, "passgate_clock_trusted", "gauge", "1 while the kiosk clock is trusted, else 0.");
        out.append("passgate_clock_trusted ").append(clock().trusted() ? 1 : 0).append('\n');
        metric(out, "passgate_config_reload_ok", "gauge", "0 when the last configuration reload was rejected.");
        out.append("passgate_config_reload_ok ")
                .append(live.lastReload().result() == ReloadReport.Result.REJECTED ? 0 : 1).append('\n');
        trustData().ifPresent(data -> staleness(out, data));
        fetchStatus().ifPresent(status -> fetching(out, status));
        gate.siteLink().ifPresent(link -> site(out, link.status()));
        return out.toString();
    }

    /** The site window's counters ({@code SiteLink#status}): per peer and outcome, and the drops without a peer. */
    private static void site(StringBuilder out, CBORObject status) {
        metric(out, "passgate_site_messages_total", "counter", "Site-window messages per peer and outcome: sent,"
                + " sendFailed, accepted, or the reason a received one was dropped.");
        CBORObject peers = status.get("peers");
        for (CBORObject peer : peers.getKeys()) {
            for (CBORObject outcome : peers.get(peer).getKeys()) {
                if (!outcome.AsString().equals("address")) {
                    out.append("passgate_site_messages_total{peer=\"").append(peer.AsString()).append("\",outcome=\"")
                            .append(outcome.AsString()).append("\"} ").append(peers.get(peer).get(outcome)
                                    .AsInt64Value()).append('\n');
                }
            }
        }
        metric(out, "passgate_site_dropped_total", "counter", "Site-window datagrams dropped before a peer was known,"
                + " and own admissions dropped from a full queue.");
        for (String reason : new String[] {"unknownPeer", "oversize", "malformed", "badMac", "oldVersion",
                "queueDropped"}) {
            out.append("passgate_site_dropped_total{reason=\"").append(reason).append("\"} ")
                    .append(status.get(reason).AsInt64Value()).append('\n');
        }
    }

    private static void histogram(StringBuilder out, GateStats stats) {
        metric(out, "passgate_scan_decision_seconds", "histogram",
                "Time from a reader's last character to the feedback being given.");
        long[] cumulative = stats.cumulativeLatencyCounts();
        for (int i = 0; i < GateStats.BUCKET_BOUNDS.length; i++) {
            out.append("passgate_scan_decision_seconds_bucket{le=\"").append(seconds(GateStats.BUCKET_BOUNDS[i]))
                    .append("\"} ").append(cumulative[i]).append('\n');
        }
        long total = cumulative[cumulative.length - 1];
        out.append("passgate_scan_decision_seconds_bucket{le=\"+Inf\"} ").append(total).append('\n');
        out.append("passgate_scan_decision_seconds_sum ").append(seconds(stats.latencySumNanos())).append('\n');
        out.append("passgate_scan_decision_seconds_count ").append(total).append('\n');
    }

    private static void staleness(StringBuilder out, StatusReport.TrustData data) {
        metric(out, "passgate_trust_staleness", "gauge", "1 for the trust data's current state, 0 for the others.");
        for (TrustState state : TrustState.values()) {
            out.append("passgate_trust_staleness{state=\"").append(state.name()).append("\"} ")
                    .append(state == data.status().state() ? 1 : 0).append('\n');
        }
        data.status().age().ifPresent(age -> {
            metric(out, "passgate_trust_bundle_age_seconds", "gauge", "Age of the installed trust bundle.");
            out.append("passgate_trust_bundle_age_seconds ").append(age.toSeconds()).append('\n');
        });
    }

    private static void fetching(StringBuilder out, FetchStatus status) {
        metric(out, "passgate_trust_fetch_consecutive_failures", "gauge",
                "Trust bundle fetch attempts that failed in a row (0 after a success).");
        out.append("passgate_trust_fetch_consecutive_failures ").append(status.consecutiveFailures()).append('\n');
        timestamp(out, "passgate_trust_fetch_last_attempt_timestamp_seconds", "Start of the last fetch attempt.",
                status.lastAttempt());
        timestamp(out, "passgate_trust_fetch_last_success_timestamp_seconds",
                "Start of the last successful fetch attempt.", status.lastSuccess());
        timestamp(out, "passgate_trust_fetch_last_error_timestamp_seconds",
                "End of the last failed fetch attempt (its reason is in passgate status).", status.lastErrorAt());
    }

    private static void timestamp(StringBuilder out, String name, String help, Optional<Instant> at) {
        at.ifPresent(instant -> {
            metric(out, name, "gauge", help);
            out.append(name).append(' ').append(instant.getEpochSecond()).append('\n');
        });
    }

    private static void metric(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }
}
