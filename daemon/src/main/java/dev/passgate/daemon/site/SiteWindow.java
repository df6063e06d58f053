package dev.passgate.daemon.site;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this kiosk knows of the admissions at the other kiosks of its site: PG1 replay digests, kept for
 * {@code replayKeep} after their admission (the freshness window plus twice the skew, as long as a presentation
 * can be fresh), and holder pseudonyms, kept for {@code holderKeep} (the anti-passback window). Only peers' messages
 * that passed every check reach it ({@link SiteLink}). The first admission of a digest is kept (a later one of the
 * same presentation does not move it); for a holder the latest admission is kept, since the anti-passback window
 * runs from the holder's last entry. Memory is bounded: at most {@value #MAX_ENTRIES} of each; past that the oldest
 * is forgotten and counted. Times are the admitting kiosk's trusted wall time, so the kiosks of a site need their
 * clocks in step (NTP; the site refuses messages whose send time lies further than {@code site.max_age_ms} off).
 * Thread-safe: the receiving thread writes, the gate reads; each call holds the lock only for a map operation.
 */
public final class SiteWindow {
    public static final int MAX_ENTRIES = 100_000;
    private final Duration replayKeep;
    private final Duration holderKeep;
    private final Map<String, SiteAdmission> replays = new LinkedHashMap<>();
    private final Map<String, SiteAdmission> holders = new LinkedHashMap<>();
    private long evicted;

    public SiteWindow(Duration replayKeep, Duration holderKeep) {
        this.replayKeep = replayKeep;
        this.holderKeep = holderKeep;
    }

    /** Keeps a peer's admission as of {@code now}; false when it added nothing new. */
    public synchronized boolean remember(SiteAdmission admission, Instant now) {
        prune(replays, now.minus(replayKeep));
        prune(holders, now.minus(holderKeep));
        boolean added = false;
        if (admission.replay() != null && admission.at().isAfter(now.minus(replayKeep))) {
            added = replays.putIfAbsent(admission.replay(), admission) == null;
            bound(replays);
        }
        if (admission.holder() != null && admission.at().isAfter(now.minus(holderKeep))) {
            SiteAdmission previous = holders.get(admission.holder());
            if (previous == null || admission.at().isAfter(previous.at())) {
                holders.remove(admission.holder());
                holders.put(admission.holder(), admission);
                added = true;
            }
            bound(holders);
        }
        return added;
    }

    /** The peer admission of the PG1 presentation with replay digest {@code digest}, while it is in the window. */
    public synchronized Optional<SiteAdmission> replayed(String digest, Instant now) {
        SiteAdmission seen = digest == null ? null : replays.get(digest);
        return Optional.ofNullable(seen).filter(a -> a.at().isAfter(now.minus(replayKeep)));
    }

    /** The peer admission of {@code holder} within {@code window} before {@code now}. */
    public synchronized Optional<SiteAdmission> admitted(String holder, Instant now, Duration window) {
        SiteAdmission seen = holder == null ? null : holders.get(holder);
        return Optional.ofNullable(seen).filter(a -> a.at().isAfter(now.minus(window)));
    }

    /** How many digests and holders are held now. */
    public synchronized int size() {
        return replays.size() + holders.size();
    }

    /** How many entries were forgotten early because the window was full. */
    public synchronized long evicted() {
        return evicted;
    }

    /** Drops entries admitted before {@code since}; the maps are in arrival order, nearly admission order. */
    private static void prune(Map<String, SiteAdmission> entries, Instant since) {
        Iterator<SiteAdmission> oldest = entries.values().iterator();
        while (oldest.hasNext() && !oldest.next().at().isAfter(since)) {
            oldest.remove();
        }
    }

    private void bound(Map<String, SiteAdmission> entries) {
        Iterator<SiteAdmission> oldest = entries.values().iterator();
        while (entries.size() > MAX_ENTRIES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
            evicted++;
        }
    }
}
