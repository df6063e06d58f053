package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.daemon.site.SiteAdmission;
import dev.passgate.daemon.site.SiteLink;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The gate's side of the site window: before the kiosk's own anti-passback, a {@code VALID} outcome whose PG1
 * presentation (by keyed replay digest) was admitted at another kiosk of the site within the freshness window, or
 * whose holder (by site pseudonym) was admitted there within the anti-passback window while {@code gate.passback}
 * is {@code refuse}, becomes {@code REPLAYED}, naming that kiosk; with {@code allow} it is admitted and logged.
 * After the decision, an admission here is handed to the {@link SiteLink}'s queue. Both are in-memory operations:
 * the decision never waits on the network. {@link #NONE} is a kiosk without a site window.
 */
final class SiteGate {
    static final SiteGate NONE = new SiteGate(null, null);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private final SiteLink link;
    private final String deviceId;

    SiteGate(SiteLink link, String deviceId) {
        this.link = link;
        this.deviceId = deviceId;
    }

    Optional<SiteLink> link() {
        return Optional.ofNullable(link);
    }

    /** The outcome after the site check, and the kiosk whose earlier admission refused it (null: none). */
    record Checked(Outcome outcome, String peer) {
    }

    Checked check(Outcome outcome, String holder, String replay, Instant at, AntiPassback passback) {
        if (link == null || !outcome.valid()) {
            return new Checked(outcome, null);
        }
        Optional<SiteAdmission> replayed = link.window().replayed(replay, at);
        if (replayed.isPresent()) {
            return refuse(outcome, replayed.get(), "this presentation");
        }
        if (passback.mode() == GateConfig.Passback.OFF) {
            return new Checked(outcome, null);
        }
        Optional<SiteAdmission> seen = link.window().admitted(holder, at, passback.window());
        if (seen.isPresent() && passback.mode() == GateConfig.Passback.REFUSE) {
            return refuse(outcome, seen.get(), "this holder");
        }
        seen.ifPresent(first -> Logger.info("holder admitted again within the site's anti-passback window (first at"
                + " {} at kiosk {})", TIME.format(first.at()), first.kiosk()));
        return new Checked(outcome, null);
    }

    /** Hands an admission here to the site link; a full queue drops it (counted), never waits. */
    void admitted(Outcome outcome, String holder, String replay, Instant at) {
        if (link != null && outcome.valid() && (holder != null || replay != null)) {
            link.publish(new SiteAdmission(deviceId, at, holder, replay));
        }
    }

    private static Checked refuse(Outcome outcome, SiteAdmission first, String what) {
        return new Checked(outcome.withCheck("site", false).withVerdict(Verdict.REPLAYED, what + " was already"
                + " admitted at " + TIME.format(first.at()) + " at kiosk " + first.kiosk() + " of this site"),
                first.kiosk());
    }
}
