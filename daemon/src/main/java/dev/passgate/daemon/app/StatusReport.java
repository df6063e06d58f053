package dev.passgate.daemon.app;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The status of a running kiosk for a technician, as JSON (the {@code passgate status --json} contract; fields are
 * only ever added): state, uptime, configuration source, clock, trust data, entry log, readers, counts per verdict
 * and scan-to-decision latency. It holds no personal data.
 */
public record StatusReport(String state, String version, Duration uptime, String configSource, String deviceId,
                           boolean clockTrusted, int trustEntries, String entryLogFile, long lastSequence,
                           long unlogged, Map<String, String> readers, Map<Verdict, Long> verdicts,
                           long decisions, Duration latencyP50, Duration latencyP99, List<String> problems) {

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
        return json.Add("readers", readerJson)
                .Add("verdicts", verdictJson)
                .Add("latency", CBORObject.NewOrderedMap().Add("decisions", decisions)
                        .Add("p50Millis", latencyP50.toNanos() / 1e6).Add("p99Millis", latencyP99.toNanos() / 1e6))
                .Add("problems", problemJson);
    }
}
