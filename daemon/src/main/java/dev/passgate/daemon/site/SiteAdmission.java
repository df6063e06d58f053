package dev.passgate.daemon.site;

import java.time.Instant;
import java.util.Objects;

/**
 * One admission shared across a site: the kiosk that admitted ({@code kiosk}, its {@code device.id}), when (its
 * trusted wall time), the holder's site pseudonym ({@code holder}, may be null) and the keyed digest of an admitted
 * PG1 presentation's replay key ({@code replay}, may be null). Both are keyed with the site secret
 * ({@code device.site_secret_file}) that every kiosk of the site shares, so the same holder and the same
 * presentation give the same values at every door; neither is personal data without that secret.
 */
public record SiteAdmission(String kiosk, Instant at, String holder, String replay) {
    public SiteAdmission {
        Objects.requireNonNull(kiosk, "kiosk");
        Objects.requireNonNull(at, "at");
        if (holder == null && replay == null) {
            throw new IllegalArgumentException("an admission shares a holder pseudonym, a replay digest or both");
        }
    }
}
