package dev.passgate.daemon.trust;

import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One-off loading of bundle-managed trust for commands that run once ({@code verify}, {@code bundle status}),
 * where the daemon would use a {@link TrustManager}. The bundle is verified completely against the pinned roots;
 * its validity window is not checked here, since it is judged as staleness at each answer's instant.
 */
public final class TrustLoading {
    private TrustLoading() {
    }

    /**
     * The snapshot for a configuration's {@code [trust]} section plus extra pinned roots. {@code bundle}, when
     * given, is used instead of the configured bundle file and must exist; the configured one may be missing
     * (then no bundle is installed). With no root pinned at all and no bundle given, trust is {@code base} alone.
     */
    public static TrustSnapshot load(TrustConfig config, TrustStore base, Optional<Path> bundle,
                                     List<PublicKey> extraRoots) throws BundleException, IOException {
        List<String> roots = new ArrayList<>(config.roots());
        extraRoots.forEach(key -> roots.add(Base64.getEncoder().encodeToString(key.getEncoded())));
        if (roots.isEmpty()) {
            if (bundle.isPresent()) {
                throw new BundleException("a bundle can only be used with a pinned root: give --root FILE or a "
                        + "configuration whose trust.roots pins one");
            }
            return TrustSnapshot.unmanaged(base);
        }
        PinnedRoots pinned = PinnedRoots.of(roots);
        Path file = bundle.orElse(config.bundleFile());
        Optional<TrustBundle> read = Optional.empty();
        TrustStore store = base;
        if (bundle.isPresent() || Files.exists(file)) {
            try {
                TrustBundle verified = BundleReader.read(file, pinned);
                verified.requireUsable();
                store = verified.addTo(TrustStore.builder().addAll(base)).build();
                read = Optional.of(verified);
            } catch (BundleException | TrustException e) {
                throw new BundleException(file + ": " + e.getMessage(), e);
            }
        }
        Optional<TrustOverride> override;
        try {
            override = TrustOverride.read(TrustOverride.fileFor(file));
        } catch (TrustException e) {
            throw new BundleException(e.getMessage(), e);
        }
        return TrustSnapshot.managed(store, read, override, new Staleness(config));
    }
}
