package dev.passgate.daemon.app;

import com.upokecenter.cbor.CBORObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of the last configuration reload, for {@code passgate status} and {@code passgate reload}:
 * {@code none} before the first one, {@code applied} (with the keys whose change only a restart applies, which
 * kept their running values), or {@code rejected} (with every error; the running configuration is unchanged).
 * Errors name file, line, key, what was found and what was expected; they hold no personal data.
 */
public record ReloadReport(Result result, Optional<Instant> at, String source, List<String> errors,
                           List<String> restartRequired) {

    /** What the last reload did; the lower-case names appear in status JSON and are stable. */
    public enum Result { NONE, APPLIED, REJECTED }

    /** Keeps unmodifiable copies of the lists. */
    public ReloadReport {
        errors = List.copyOf(errors);
        restartRequired = List.copyOf(restartRequired);
    }

    /** No reload since start. */
    static ReloadReport none(String source) {
        return new ReloadReport(Result.NONE, Optional.empty(), source, List.of(), List.of());
    }

    public boolean applied() {
        return result == Result.APPLIED;
    }

    /** One line for the service manager's {@code STATUS=} and the log. */
    public String summary() {
        return switch (result) {
            case NONE -> "configuration as started";
            case APPLIED -> "configuration reloaded from " + source + (restartRequired.isEmpty() ? ""
                    : "; restart required for: " + String.join(", ", restartRequired));
            case REJECTED -> "configuration reload rejected, " + errors.size() + " error(s), running configuration "
                    + "kept; first: " + errors.get(0);
        };
    }

    public CBORObject toJson() {
        CBORObject json = CBORObject.NewOrderedMap().Add("result", result.name().toLowerCase(Locale.ROOT))
                .Add("source", source);
        at.ifPresent(when -> json.Add("at", when.toString()));
        CBORObject errorJson = CBORObject.NewArray();
        errors.forEach(errorJson::Add);
        CBORObject restartJson = CBORObject.NewArray();
        restartRequired.forEach(restartJson::Add);
        return json.Add("errors", errorJson).Add("restartRequired", restartJson);
    }
}
