package dev.passgate.daemon.trust;

import dev.passgate.config.DegradedMode;
import dev.passgate.config.ExpiredMode;
import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.trust.TrustStatus.Effect;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Computes the {@link TrustStatus} of the installed bundle at an instant. The age is measured from the bundle's
 * {@code issuedAt}; an age below {@code warnAfter} is FRESH (an instant before {@code issuedAt}, as a replayed
 * {@code --at} can give, counts as age 0), from {@code warnAfter} WARN, from {@code degradedAfter} DEGRADED, and
 * from {@code expiredAfter}, or from the bundle's (earliest section's) {@code validUntil}, EXPIRED. No bundle is
 * EXPIRED too. Each boundary belongs to the later state. A technician override active at the instant makes a
 * state that would confirm or refuse admit instead; the state itself is still reported as it is.
 */
public final class Staleness {
    private final Duration warnAfter;
    private final Duration degradedAfter;
    private final Duration expiredAfter;
    private final DegradedMode degradedMode;
    private final ExpiredMode expiredMode;

    public Staleness(TrustConfig config) {
        this.warnAfter = config.warnAfter();
        this.degradedAfter = config.degradedAfter();
        this.expiredAfter = config.expiredAfter();
        this.degradedMode = config.degradedMode();
        this.expiredMode = config.expiredMode();
    }

    public TrustStatus status(Optional<TrustBundle> bundle, Optional<TrustOverride> override, Instant at) {
        Optional<Instant> overrideEnd = override.filter(o -> o.activeAt(at)).map(TrustOverride::effectiveUntil);
        if (bundle.isEmpty()) {
            return settle(TrustState.EXPIRED, 0, Optional.empty(), overrideEnd, "no trust bundle is installed");
        }
        TrustBundle installed = bundle.get();
        Duration age = Duration.between(installed.issuedAt(), at);
        age = age.isNegative() ? Duration.ZERO : age;
        String described = "bundle version " + installed.version() + " issued " + installed.issuedAt() + " is "
                + readable(age) + " old";
        TrustState state;
        String why;
        if (!at.isBefore(installed.validUntil())) {
            state = TrustState.EXPIRED;
            why = "bundle version " + installed.version() + " passed its validUntil " + installed.validUntil();
        } else if (age.compareTo(expiredAfter) >= 0) {
            state = TrustState.EXPIRED;
            why = described + " (expired after " + readable(expiredAfter) + ")";
        } else if (age.compareTo(degradedAfter) >= 0) {
            state = TrustState.DEGRADED;
            why = described + " (degraded after " + readable(degradedAfter) + ")";
        } else if (age.compareTo(warnAfter) >= 0) {
            state = TrustState.WARN;
            why = described + " (warn after " + readable(warnAfter) + ")";
        } else {
            state = TrustState.FRESH;
            why = described;
        }
        return settle(state, installed.version(), Optional.of(age), overrideEnd, why);
    }

    private TrustStatus settle(TrustState state, long version, Optional<Duration> age, Optional<Instant> override,
                               String why) {
        Effect effect = switch (state) {
            case FRESH, WARN -> Effect.ADMIT;
            case DEGRADED -> degradedMode == DegradedMode.CONFIRM ? Effect.CONFIRM : Effect.ADMIT;
            case EXPIRED -> expiredMode == ExpiredMode.FAIL_CLOSED ? Effect.REFUSE : Effect.ADMIT;
        };
        String reason = switch (state) {
            case FRESH -> "trust data is fresh: " + why;
            case WARN -> "trust data is getting old: " + why;
            case DEGRADED -> "trust data is degraded: " + why;
            case EXPIRED -> "trust data expired: " + why;
        };
        if (effect != Effect.ADMIT && override.isPresent()) {
            return new TrustStatus(state, version, age, override, Effect.ADMIT,
                    reason + "; admitted under a technician override until " + override.get());
        }
        return new TrustStatus(state, version, age, override, effect, reason);
    }

    /** A duration as days, hours and minutes, e.g. "3 d 4 h" or "12 min". */
    static String readable(Duration duration) {
        long days = duration.toDays();
        long hours = duration.toHoursPart();
        long minutes = duration.toMinutesPart();
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        return minutes + " min";
    }
}
