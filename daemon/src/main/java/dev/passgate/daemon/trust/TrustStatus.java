package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The staleness of the trust data at one instant and what it does to a pass that checks out. {@code version} is
 * the installed bundle's (0 when none is installed, and then {@code age} is empty); {@code override} is the end
 * of the technician override active at that instant, if any. {@code effect} is what happens to a {@code VALID}
 * outcome, and {@code reason} says why in one sentence.
 */
public record TrustStatus(TrustState state, long version, Optional<Duration> age, Optional<Instant> override,
                          Effect effect, String reason) {

    /** What the trust data's state does to a pass that checks out. */
    public enum Effect { ADMIT, CONFIRM, REFUSE }

    /** The extension field of {@code passgate verify} answers: state, version, age in seconds, override end. */
    public CBORObject toJson() {
        CBORObject json = CBORObject.NewOrderedMap().Add("state", state.name()).Add("version", version);
        age.ifPresent(a -> json.Add("ageSeconds", a.toSeconds()));
        override.ifPresent(until -> json.Add("overrideUntil", until.toString()));
        return json;
    }
}
