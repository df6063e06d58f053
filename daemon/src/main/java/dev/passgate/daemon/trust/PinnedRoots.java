package dev.passgate.daemon.trust;

import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The root keys a kiosk accepts bundle signatures from, by key id. Several roots may be pinned at once, so that an
 * operator can rotate: pin the new root beside the old one, sign with the new one, then unpin the old one.
 * Immutable.
 */
public final class PinnedRoots {
    private final Map<String, PublicKey> byId;

    private PinnedRoots(Map<String, PublicKey> byId) {
        this.byId = byId;
    }

    /** Pins the roots as the configuration writes them (base64 or PEM SubjectPublicKeyInfo). */
    public static PinnedRoots of(List<String> roots) throws BundleException {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String root : roots) {
            PublicKey key = RootKeys.publicKey(root);
            keys.put(id(RootKeys.keyId(key)), key);
        }
        return new PinnedRoots(keys);
    }

    public static PinnedRoots ofKeys(List<PublicKey> roots) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        roots.forEach(key -> keys.put(id(RootKeys.keyId(key)), key));
        return new PinnedRoots(keys);
    }

    public Optional<PublicKey> byId(byte[] keyId) {
        return Optional.ofNullable(byId.get(id(keyId)));
    }

    /** The pinned key ids in base64, for messages. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    static String id(byte[] keyId) {
        return Base64.getEncoder().encodeToString(keyId);
    }
}
