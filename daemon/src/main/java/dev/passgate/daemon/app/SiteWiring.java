package dev.passgate.daemon.app;

import dev.passgate.config.GateConfig;
import dev.passgate.config.PassgateConfig;
import dev.passgate.config.SiteConfig;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.site.SiteLink;
import dev.passgate.daemon.site.SiteWindow;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Sets up the site window of {@code [site]}: the window, kept for the largest freshness and anti-passback windows
 * the configuration allows (so that widening either by a reload forgets nothing still in the window), the link
 * signing with the entry-log key, and the gate's share of it. The link closes with the kiosk's other contexts,
 * before the entry log. {@link #check} is what {@code passgate config check} can know without starting: whether
 * every peer key file reads.
 */
public final class SiteWiring {
    /** The longest a PG1 presentation can be fresh: the largest freshness window plus twice the largest skew. */
    static final Duration REPLAY_KEEP = Duration.ofSeconds(GateConfig.FRESHNESS_S_RANGE.max()
            + 2L * GateConfig.FUTURE_SKEW_S_RANGE.max());
    static final Duration HOLDER_KEEP = Duration.ofMinutes(GateConfig.PASSBACK_MINUTES_RANGE.max());

    private SiteWiring() {
    }

    /** Every peer key file of an enabled {@code [site]} that does not read, as {@code FILE:LINE: key: why}. */
    public static List<String> check(PassgateConfig config) {
        List<String> errors = new ArrayList<>();
        if (config.site().enabled()) {
            for (SiteConfig.Peer peer : config.site().peers()) {
                try {
                    DeviceKey.readPublicKey(peer.publicKeyFile());
                } catch (IOException e) {
                    errors.add(ConfigLines.error(config.source(), "site.peers." + peer.id() + ".public_key_file",
                            e.getMessage()));
                }
            }
        }
        return errors;
    }

    static Optional<SiteLink> open(PassgateConfig config, Environment env, Gate gate, List<AutoCloseable> contexts)
            throws KioskException {
        if (!config.site().enabled()) {
            return Optional.empty();
        }
        DeviceKey key;
        try {
            key = DeviceKey.read(config.entryLog().signingKeyFile());
        } catch (IOException e) {
            throw new KioskException("site: the entry-log key signs the site messages: " + e.getMessage(), e);
        }
        try {
            SiteLink.Identity identity = SiteLink.Identity.forSite(config.device().id(),
                    gate.rules().minimisation()::replayDigest, key);
            SiteLink link = SiteLink.open(config.site(), identity,
                    new SiteWindow(REPLAY_KEEP, HOLDER_KEEP), env.clock(), env.monotonic(),
                    admission -> Logger.debug("site window: admission at {} received", admission.kiosk()));
            contexts.add(link);
            gate.shareSite(link, config.device().id());
            link.start();
            return Optional.of(link);
        } catch (SiteLink.SetupException e) {
            throw new KioskException(ConfigLines.error(config.source(), e.key(), e.detail()), e);
        }
    }
}
