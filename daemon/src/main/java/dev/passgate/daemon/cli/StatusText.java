package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * The human form of {@code passgate status --json}: state and problems first, then one aligned line per topic with
 * units (seconds, milliseconds, records), maps sorted by name, and every field this class does not know yet (added by
 * a later version) at the end as JSON, so nothing the daemon reports is hidden.
 */
final class StatusText {
    private static final int LABEL = 14;
    private static final Set<String> KNOWN = Set.of("state", "problems", "version", "deviceId", "uptimeSeconds",
            "configSource", "clock", "trust", "entryLog", "readers", "verdicts", "latency", "upload", "reload",
            "door");

    private final StringBuilder out = new StringBuilder();

    private StatusText() {
    }

    static String format(CBORObject status) {
        StatusText text = new StatusText();
        text.head(status);
        text.body(status);
        TreeMap<String, CBORObject> rest = new TreeMap<>();
        for (CBORObject key : status.getKeys()) {
            if (!KNOWN.contains(key.AsString())) {
                rest.put(key.AsString(), status.get(key));
            }
        }
        rest.forEach((key, value) -> text.line(key, value.ToJSONString()));
        return text.out.toString().stripTrailing();
    }

    private void head(CBORObject status) {
        line("state", text(status, "state"));
        CBORObject problems = status.get("problems");
        if (problems == null || problems.size() == 0) {
            line("problems", "none");
        } else {
            for (int i = 0; i < problems.size(); i++) {
                line(i == 0 ? "problems" : "", (i + 1) + ". " + problems.get(i).AsString());
            }
        }
    }

    private void body(CBORObject status) {
        line("device", text(status, "deviceId") + " (passgate " + text(status, "version") + ")");
        line("uptime", duration(status.get("uptimeSeconds")));
        line("config", text(status, "configSource"));
        CBORObject clock = status.get("clock");
        if (clock != null) {
            line("clock", (clock.get("trusted").AsBoolean() ? "trusted" : "UNTRUSTED")
                    + (clock.get("reason") == null ? "" : ": " + clock.get("reason").AsString())
                    + ", floor " + text(clock, "floor"));
        }
        trust(status.get("trust"));
        CBORObject log = status.get("entryLog");
        if (log != null) {
            line("entry log", "last record #" + log.get("lastSequence").AsInt64Value() + ", "
                    + log.get("unlogged").AsInt64Value() + " decision(s) unlogged, "
                    + pending(log.get("pendingUpload"))
                    + " (" + text(log, "file") + ")");
        }
        sortedMap("readers", status.get("readers"), false);
        sortedMap("verdicts", status.get("verdicts"), true);
        CBORObject latency = status.get("latency");
        if (latency != null) {
            long decisions = latency.get("decisions").AsInt64Value();
            line("latency", decisions == 0 ? "no decisions yet" : String.format(Locale.ROOT,
                    "p50 %.1f ms, p99 %.1f ms (scan to decision, last %d decision(s))",
                    latency.get("p50Millis").AsDouble(), latency.get("p99Millis").AsDouble(),
                    Math.min(decisions, 4096)));
        }
        upload(status.get("upload"));
        door(status.get("door"));
        reload(status.get("reload"));
    }

    private void trust(CBORObject trust) {
        if (trust == null) {
            return;
        }
        StringBuilder line = new StringBuilder(trust.get("entries").AsInt32Value() + " trusted key(s)");
        if (trust.get("managed").AsBoolean() && trust.get("state") != null) {
            line.append(", bundle version ").append(trust.get("version").ToJSONString()).append(' ')
                    .append(text(trust, "state"));
            if (trust.get("issuedAt") != null) {
                line.append(", issued ").append(text(trust, "issuedAt"));
            }
            if (trust.get("ageSeconds") != null) {
                line.append(", age ").append(duration(trust.get("ageSeconds")));
            }
            if (trust.get("overrideUntil") != null) {
                line.append(", override until ").append(text(trust, "overrideUntil"));
            }
            line.append(", effect ").append(text(trust, "effect").toLowerCase(Locale.ROOT)).append(" (")
                    .append(text(trust, "reason")).append(')');
        }
        line("trust", line.toString());
        fetch(trust.get("fetch"));
    }

    private void fetch(CBORObject fetch) {
        if (fetch == null) {
            return;
        }
        line("fetch", text(fetch, "url") + ", last attempt " + (fetch.get("lastAttempt") == null ? "never"
                : text(fetch, "lastAttempt")) + ", last success " + (fetch.get("lastSuccess") == null ? "never"
                : text(fetch, "lastSuccess")) + ", " + fetch.get("consecutiveFailures").ToJSONString()
                + " failure(s) in a row" + (fetch.get("lastError") == null ? ""
                : "; last error: " + text(fetch, "lastError")));
    }

    private void upload(CBORObject upload) {
        if (upload == null) {
            return;
        }
        line("upload", text(upload, "transport") + ", " + upload.get("uploaded").ToJSONString()
                + " record(s) uploaded, " + upload.get("pending").ToJSONString() + " pending, "
                + upload.get("failures").ToJSONString()
                + " failure(s), last success " + (upload.get("lastSuccess") == null ? "never"
                : text(upload, "lastSuccess"))
                + (upload.get("lastProblem") == null ? "" : "; last problem: " + text(upload, "lastProblem")));
    }

    /** The door: state, the alarm sounding, the contact's health, and the counts since start. */
    private void door(CBORObject door) {
        if (door == null) {
            return;
        }
        String alarm = text(door, "alarm");
        line("door", text(door, "state") + ("none".equals(alarm) ? ", no alarm" : ", ALARM " + alarm.replace('_', ' '))
                + ", contact " + text(door, "contact") + "; since start " + text(door, "passed") + " passed, "
                + text(door, "notPassed") + " not passed, " + text(door, "forced") + " forced, "
                + text(door, "heldOpen") + " held open, " + text(door, "exits") + " exit(s)"
                + ("0".equals(text(door, "unlogged")) ? "" : ", " + text(door, "unlogged") + " not logged"));
    }

    private void reload(CBORObject reload) {
        if (reload == null) {
            return;
        }
        String result = text(reload, "result");
        line("reload", "none".equals(result) ? "none since start" : result
                + (reload.get("at") == null ? "" : " at " + text(reload, "at")));
        for (CBORObject error : reload.get("errors").getValues()) {
            line("", error.AsString());
        }
        if (reload.get("restartRequired").size() > 0) {
            List<String> keys = new ArrayList<>();
            reload.get("restartRequired").getValues().forEach(key -> keys.add(key.AsString()));
            line("", "restart required for: " + String.join(", ", keys));
        }
    }

    private void sortedMap(String label, CBORObject map, boolean skipZero) {
        if (map == null) {
            return;
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        int width = 0;
        for (CBORObject key : map.getKeys()) {
            CBORObject value = map.get(key);
            if (skipZero && value.getType() == CBORType.Integer && value.AsInt64Value() == 0) {
                continue;
            }
            sorted.put(key.AsString(), value.getType() == CBORType.TextString ? value.AsString()
                    : value.ToJSONString());
            width = Math.max(width, key.AsString().length());
        }
        if (sorted.isEmpty()) {
            line(label, "none");
            return;
        }
        boolean first = true;
        for (var entry : sorted.entrySet()) {
            line(first ? label : "", String.format(Locale.ROOT, "%-" + width + "s  %s", entry.getKey(),
                    entry.getValue()));
            first = false;
        }
    }

    private void line(String label, String value) {
        out.append(String.format(Locale.ROOT, "%-" + LABEL + "s%s%n", label, value));
    }

    private static String text(CBORObject map, String key) {
        CBORObject value = map.get(key);
        return value == null ? "-" : value.getType() == CBORType.TextString ? value.AsString() : value.ToJSONString();
    }

    private static String pending(CBORObject pending) {
        long records = pending == null ? -1 : pending.AsInt64Value();
        return records < 0 ? "upload off" : records + " record(s) not uploaded";
    }

    private static String duration(CBORObject seconds) {
        if (seconds == null) {
            return "-";
        }
        long s = seconds.AsInt64Value();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3600);
    }
}
