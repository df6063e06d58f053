package dev.passgate.daemon.app;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.upload.UploadStatus;
import dev.passgate.daemon.verify.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status of a running kiosk for a technician, as JSON (the {@code passgate status --json} contract; fields are
 * only ever added): state, uptime, configuration source, clock, trust data, entry log, readers, counts per verdict
 * and scan-to-decision latency. It holds no personal data.
 */
public record StatusReport(String state, String version, Duration uptime, String configSource, String deviceId,
                           boolean clockTrusted, int trustEntries, String entryLogFile, long lastSequence,
                           long unlogged, Map<String, String> readers, Map<Verdict, Long> verdicts,
                           long decisions, Duration latencyP50, Duration latencyP99, List<String> problems,
                           Optional<UploadStatus> upload) {

    /** A report of a kiosk that does not upload. */
    public StatusReport(String state, String version, Duration uptime, String configSource, String deviceId,
                        boolean clockTrusted, int trustEntries, String entryLogFile, long lastSequence, long unlogged,
                        Map<String, String> readers, Map<Verdict, Long> verdicts, long decisions, Duration latencyP50,
                        Duration latencyP99, List<String> problems) {
        this(state, version, uptime, configSource, deviceId, clockTrusted, trustEntries, entryLogFile, lastSequence,
                unlogged, readers, verdicts, decisions, latencyP50, latencyP99, problems, Optional.empty());
    }

    public CBORObject toJson() {
        CBORObject json = CBORObject.NewOrderedMap()
                .Add("state", state)
                .Add("version", version)
                .Add("uptimeSeconds", uptime.toSeconds())
                .Add("configSource", configSource)
                .Add("deviceId", deviceId)
                .Add("clock", CBORObject.NewOrderedMap().Add("trusted", clockTrusted))
                .Add("trust", CBORObject.NewOrderedMap().Add("entries", trustEntries))
                .Add("entryLog", CBORObject.NewOrderedMap().Add("file", entryLogFile)
                        .Add("lastSequence", lastSequence).Add("unlogged", unlogged));
        CBORObject readerJson = CBORObject.NewOrderedMap();
        readers.forEach(readerJson::Add);
        CBORObject verdictJson = CBORObject.NewOrderedMap();
        verdicts.forEach((verdict, count) -> verdictJson.Add(verdict.name(), count));
        CBORObject problemJson = CBORObject.NewArray();
        problems.forEach(problemJson::Add);
        upload.ifPresent(u -> json.Add("upload", uploadJson(u)));
        return json.Add("readers", readerJson)
                .Add("verdicts", verdictJson)
                .Add("latency", CBORObject.NewOrderedMap().Add("decisions", decisions)
                        .Add("p50Millis", latencyP50.toNanos() / 1e6).Add("p99Millis", latencyP99.toNanos() / 1e6))
                .Add("problems", problemJson);
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
