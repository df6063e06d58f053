package dev.passgate.daemon.trust;

import dev.passgate.daemon.trust.BundleContent.DccSigner;
import dev.passgate.daemon.trust.BundleContent.ShcIssuer;
import dev.passgate.daemon.policy.BundledPolicies;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.schema.ValueSets;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * A trust bundle that {@link BundleReader} has verified completely: signed by a pinned root, well formed, every
 * section matching its hash. Whether it is inside its validity window or newer than another is not part of this;
 * {@link BundleInstaller} checks that against a clock. The revocation entries stay in the file and are streamed
 * from it on demand; if the file has been replaced or damaged since, the stream reports it.
 */
public final class TrustBundle {
    /** The SHA-256 of no bytes, the hash of an absent revocation section. */
    private static final String EMPTY_SHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    private final Path file;
    private final Manifest manifest;
    private final List<String> signedBy;
    private final BundleContent content;
    private final long revocationOffset;
    private final BundledPolicies policies;

    TrustBundle(Path file, Manifest manifest, List<String> signedBy, BundleContent content, long revocationOffset) {
        this(file, manifest, signedBy, content, revocationOffset, BundledPolicies.compile(content.ruleSets(),
                content.valueSets()));
    }

    private TrustBundle(Path file, Manifest manifest, List<String> signedBy, BundleContent content,
                        long revocationOffset, BundledPolicies policies) {
        this.file = file;
        this.manifest = manifest;
        this.signedBy = List.copyOf(signedBy);
        this.content = content;
        this.revocationOffset = revocationOffset;
        this.policies = policies;
    }

    /** The same bundle after its file was renamed to {@code newFile}. */
    TrustBundle movedTo(Path newFile) {
        return new TrustBundle(newFile, manifest, signedBy, content, revocationOffset, policies);
    }

    /**
     * The policies its rule sets and value sets make; when they cannot be used, {@link BundledPolicies#errors()}
     * says why and the kiosk refuses the bundle ({@link #requireUsable()}).
     */
    public BundledPolicies policies() {
        return policies;
    }

    /** Throws when a section cannot be used at the kiosk, naming every reason. */
    public void requireUsable() throws BundleException {
        if (!policies.errors().isEmpty()) {
            throw new BundleException("a section the kiosk cannot use: " + String.join("; ", policies.errors()));
        }
    }

    public Path file() {
        return file;
    }

    public Manifest manifest() {
        return manifest;
    }

    public long version() {
        return manifest.version();
    }

    public Instant issuedAt() {
        return manifest.issuedAt();
    }

    /** The earliest validUntil of the bundle and its sections: after it, the data must not be relied on. */
    public Instant validUntil() {
        return manifest.effectiveValidUntil();
    }

    /** The key ids (base64) of the pinned roots whose signatures verified. */
    public List<String> signedBy() {
        return signedBy;
    }

    public BundleContent content() {
        return content;
    }

    public long revocationEntries() {
        return manifest.section(SectionType.REVOCATION).map(Manifest.Section::entries).orElse(0L);
    }

    /**
     * Adds the bundle's DCC signer certificates, SHC JWK sets and PG1 issuer keys to the builder. A PG1 key goes in
     * under the key id its passes carry (derived from the key, {@link Pg1Keys#keyIdText}), whatever its label.
     */
    public TrustStore.Builder addTo(TrustStore.Builder builder) throws TrustException {
        for (DccSigner signer : content.dccSigners()) {
            builder.add(signer.certificate());
        }
        for (ShcIssuer issuer : content.shcIssuers()) {
            builder.addJwkSet(issuer.iss(), issuer.jwks());
        }
        for (BundleContent.Pg1Key key : content.pg1Keys()) {
            builder.add(Pg1Keys.keyIdText(key.key()), key.key());
        }
        if (policies.valueSets().size() > 0) {
            ValueSets.parse(policies.valueSets().ToJSONString())
                    .ifPresent(sets -> builder.valueSets(ValueSets.shipped().updatedBy(sets)));
        }
        BundleContent.Pg1Revocations revoked = content.pg1Revocations();
        if (manifest.section(SectionType.PG1_REVOCATION).isPresent()) {
            builder.revokePg1(revoked.credentials(), revoked.holderKeys(), revoked.issuers());
        }
        return builder;
    }

    /**
     * Opens a stream over the revocation entries, read from the file as the caller iterates and checked against the
     * manifest at the end. A bundle without a revocation section gives no entries. The caller closes it.
     */
    public RevocationSection.Reader revocations() throws IOException {
        Manifest.Section section = manifest.section(SectionType.REVOCATION).orElse(null);
        if (section == null) {
            Manifest.Section none = new Manifest.Section(SectionType.REVOCATION, manifest.issuedAt(),
                    manifest.validUntil(), 0, EMPTY_SHA256, 0);
            return new RevocationSection.Reader(new ByteArrayInputStream(new byte[0]), none);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        InputStream in;
        try {
            channel.position(revocationOffset);
            in = Channels.newInputStream(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new RevocationSection.Reader(in, section);
    }
}
