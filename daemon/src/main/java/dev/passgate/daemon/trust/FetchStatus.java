package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * What the bundle fetcher has done so far, for {@code passgate status} and the metrics: the URL, the start of the
 * last attempt and of the last successful one (a bundle installed or found unchanged, or a 304), the failed
 * attempts in a row since the last success, and the last failure's reason with its time (kept after a success, so
 * that an intermittent fault stays visible). Reasons carry URLs, sizes and HTTP statuses, never personal data.
 */
public record FetchStatus(URI url, Optional<Instant> lastAttempt, Optional<Instant> lastSuccess,
                          int consecutiveFailures, Optional<String> lastError, Optional<Instant> lastErrorAt) {

    /** From this many failed attempts in a row, {@code passgate status} names the fetch as a problem. */
    public static final int FAILURES_FOR_PROBLEM = 3;

    /** A fetcher that has not tried yet. */
    public static FetchStatus initial(URI url) {
        return new FetchStatus(url, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty());
    }

    /** The problem line for {@code passgate status}, when the failures in a row reached the threshold. */
    public Optional<String> problem() {
        if (consecutiveFailures < FAILURES_FOR_PROBLEM) {
            return Optional.empty();
        }
        return Optional.of("trust bundle fetch from " + url + " failed " + consecutiveFailures + " times in a row"
                + lastSuccess.map(at -> " (last success " + at + ")").orElse(" (no success since start)") + ": "
                + lastError.orElse("unknown"));
    }

    /** The {@code trust.fetch} object of {@code passgate status --json}. */
    public CBORObject toJson() {
        CBORObject json = CBORObject.NewOrderedMap().Add("url", url.toString());
        lastAttempt.ifPresent(at -> json.Add("lastAttempt", at.toString()));
        lastSuccess.ifPresent(at -> json.Add("lastSuccess", at.toString()));
        json.Add("consecutiveFailures", consecutiveFailures);
        lastError.ifPresent(error -> json.Add("lastError", error));
        lastErrorAt.ifPresent(at -> json.Add("lastErrorAt", at.toString()));
        return json;
    }

    FetchStatus attempted(Instant at) {
        return new FetchStatus(url, Optional.of(at), lastSuccess, consecutiveFailures, lastError, lastErrorAt);
    }

    FetchStatus succeeded(Instant startedAt) {
        return new FetchStatus(url, lastAttempt, Optional.of(startedAt), 0, lastError, lastErrorAt);
    }

    FetchStatus failed(Instant at, String reason) {
        return new FetchStatus(url, lastAttempt, lastSuccess, consecutiveFailures + 1, Optional.of(reason),
                Optional.of(at));
    }
}
