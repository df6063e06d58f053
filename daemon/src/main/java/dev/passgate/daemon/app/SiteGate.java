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
 * The gate's side of the site window: before the kiosk's own anti-passback and before a staff card is taken, an
 * outcome that may still admit ({@code VALID}, or one staff may confirm) whose PG1
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
        if (link == null || !mayAdmit(outcome)) {
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

    /**
     * Hands an admission here to the site link; a full queue drops it (counted), never waits. The gate passes no
     * holder when its own {@code gate.passback} is {@code off}: holder pseudonyms are shared only for anti-passback.
     */
    void admitted(Outcome outcome, String holder, String replay, Instant at) {
        if (outcome.valid()) {
            publish(holder, replay, at);
        }
    }

    /**
     * Hands an admission here that was not a {@code VALID} scan (an entry staff confirmed, or the staff card that
     * confirmed it) to the site link. Thread-safe, never waits: any thread may call it.
     */
    void publish(String holder, String replay, Instant at) {
        if (link != null && (holder != null || replay != null)) {
            link.publish(new SiteAdmission(deviceId, at, holder, replay));
        }
    }

    /**
     * Whether the outcome can still open the door: {@code VALID}, or an outcome staff may confirm ({@code [staff]
     * confirm}). The site check turns any of them into {@code REPLAYED}, so a presentation or holder admitted at
     * another door never waits for staff here.
     */
    private static boolean mayAdmit(Outcome outcome) {
        return switch (outcome.verdict()) {
            case VALID, CONFIRM_REQUIRED, POLICY_REJECTED, CLOCK_UNTRUSTED, TRUST_EXPIRED -> true;
            default -> false;
        };
    }

    private static Checked refuse(Outcome outcome, SiteAdmission first, String what) {
        return new Checked(outcome.withCheck("site", false).withVerdict(Verdict.REPLAYED, what + " was already"
                + " admitted at " + TIME.format(first.at()) + " at kiosk " + first.kiosk() + " of this site"),
                first.kiosk());
    }
}
