package dev.passgate.daemon.app;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.door.DoorState;
import dev.passgate.daemon.trust.FetchStatus;
import dev.passgate.daemon.trust.TrustStatus;
import dev.passgate.daemon.upload.UploadStatus;
import dev.passgate.daemon.verify.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status of a running kiosk for a technician, as JSON (the {@code passgate status --json} contract; fields are
 * only ever added): state, uptime, configuration source, clock trust and time floor, trust data (entries; for
 * bundle-managed trust also state, version, issuedAt, age, override and, with {@code trust.url}, the fetcher's last
 * attempt, last success, failures in a row and last error), entry log (with the records not yet
 * uploaded), readers, counts per verdict, scan-to-decision latency, the last configuration reload and, when the
 * kiosk uploads, the uploader's state (last success, pending, failures), with a door contact or exit button
 * wired, the door ({@link DoorState}) and, with {@code [site]}, the site window's counters ({@code site}: queue,
 * drops by reason, per peer). It holds no personal data.
 */
public record StatusReport(String state, String version, Duration uptime, String configSource, String deviceId,
                           boolean clockTrusted, int trustEntries, String entryLogFile, long lastSequence,
                           long unlogged, Map<String, String> readers, Map<Verdict, Long> verdicts,
                           long decisions, Duration latencyP50, Duration latencyP99, List<String> problems,
                           ClockState clockState, Optional<TrustData> trustData, long pendingUpload,
                           ReloadReport reload, Optional<UploadStatus> upload, Optional<DoorState> door,
                           Optional<CBORObject> site) {

    /** A report without a door part (no door contact or exit button wired) and without a site window. */
    public StatusReport(String state, String version, Duration uptime, String configSource, String deviceId,
                        boolean clockTrusted, int trustEntries, String entryLogFile, long lastSequence,
                        long unlogged, Map<String, String> readers, Map<Verdict, Long> verdicts,
                        long decisions, Duration latencyP50, Duration latencyP99, List<String> problems,
                        ClockState clockState, Optional<TrustData> trustData, long pendingUpload,
                        ReloadReport reload, Optional<UploadStatus> upload) {
        this(state, version, uptime, configSource, deviceId, clockTrusted, trustEntries, entryLogFile, lastSequence,
                unlogged, readers, verdicts, decisions, latencyP50, latencyP99, problems, clockState, trustData,
                pendingUpload, reload, upload, Optional.empty(), Optional.empty());
    }

    /** Why the clock is untrusted (empty while it is trusted) and the time floor below which it never is. */
    public record ClockState(boolean trusted, Optional<String> reason, Instant floor) {
    }

    /**
     * The staleness of bundle-managed trust data, the installed bundle's {@code issuedAt}, if any, and what the
     * bundle fetcher has done, when {@code trust.url} is set.
     */
    public record TrustData(TrustStatus status, Optional<Instant> issuedAt, Optional<FetchStatus> fetch) {
    }

    public CBORObject toJson() {
        CBORObject json = CBORObject.NewOrderedMap()
                .Add("state", state)
                .Add("version", version)
                .Add("uptimeSeconds", uptime.toSeconds())
                .Add("configSource", configSource)
                .Add("deviceId", deviceId)
                .Add("clock", clockJson())
                .Add("trust", trustJson())
                .Add("entryLog", CBORObject.NewOrderedMap().Add("file", entryLogFile)
                        .Add("lastSequence", lastSequence).Add("unlogged", unlogged)
                        .Add("pendingUpload", pendingUpload));
        CBORObject readerJson = CBORObject.NewOrderedMap();
        readers.forEach(readerJson::Add);
        CBORObject verdictJson = CBORObject.NewOrderedMap();
        verdicts.forEach((verdict, count) -> verdictJson.Add(verdict.name(), count));
        CBORObject problemJson = CBORObject.NewArray();
        problems.forEach(problemJson::Add);
        upload.ifPresent(u -> json.Add("upload", uploadJson(u)));
        door.ifPresent(d -> json.Add("door", d.toJson()));
        site.ifPresent(s -> json.Add("site", s));
        return json.Add("readers", readerJson)
                .Add("verdicts", verdictJson)
                .Add("latency", CBORObject.NewOrderedMap().Add("decisions", decisions)
                        .Add("p50Millis", latencyP50.toNanos() / 1e6).Add("p99Millis", latencyP99.toNanos() / 1e6))
                .Add("problems", problemJson)
                .Add("reload", reload.toJson());
    }

    private CBORObject clockJson() {
        CBORObject json = CBORObject.NewOrderedMap().Add("trusted", clockTrusted);
        clockState.reason().ifPresent(reason -> json.Add("reason", reason));
        return json.Add("floor", clockState.floor().toString());
    }

    private CBORObject trustJson() {
        CBORObject json = CBORObject.NewOrderedMap().Add("entries", trustEntries).Add("managed", trustData.isPresent());
        trustData.ifPresent(data -> {
            TrustStatus status = data.status();
            json.Add("state", status.state().name()).Add("version", status.version());
            data.issuedAt().ifPresent(issued -> json.Add("issuedAt", issued.toString()));
            status.age().ifPresent(age -> json.Add("ageSeconds", age.toSeconds()));
            status.override().ifPresent(until -> json.Add("overrideUntil", until.toString()));
            json.Add("effect", status.effect().name()).Add("reason", status.reason());
            data.fetch().ifPresent(fetch -> json.Add("fetch", fetch.toJson()));
        });
        return json;
    }

    /** The uploader's part: {@code lastSuccess} (ISO-8601, absent before the first), pending records, failures. */
    private static CBORObject uploadJson(UploadStatus status) {
        CBORObject json = CBORObject.NewOrderedMap().Add("transport", status.transport());
        status.lastSuccess().ifPresent(at -> json.Add("lastSuccess", at.toString()));
        json.Add("pending", status.pending()).Add("failures", status.failures()).Add("uploaded", status.uploaded());
        status.lastProblem().ifPresent(problem -> json.Add("lastProblem", problem));
        return json;
    }
}
