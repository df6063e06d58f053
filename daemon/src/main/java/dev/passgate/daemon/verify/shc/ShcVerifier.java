package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Inflation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationStoreException;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.verify.Checks;
import dev.passgate.daemon.verify.Es256;
import dev.passgate.daemon.verify.Format;
import dev.passgate.daemon.verify.HolderIdentity;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.time.Instant;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Verifies a SMART Health Card ({@code shc:/} numeric QR text → compact JWS → raw DEFLATE → JSON payload with a
 * FHIR bundle) offline against the trusted issuers of a trust store, at a given instant. Steps, each recorded in
 * the outcome's checks as it runs: {@code prefix}, {@code numeric}, {@code jws}, {@code inflate}, {@code json},
 * {@code signature}, {@code validity}, {@code revocation}. Structural steps stop at the first failure, as does a
 * signature that cannot be checked or does not verify; after a good signature, validity and revocation are both
 * evaluated, and a validity failure decides the verdict before a revocation. Revocation is evaluated when the
 * issuer's trust entry holds a CRL for the signing key, or when the card has a {@code rid} and a revocation store
 * (filled from trust bundles, scope {@code iss#kid}) is configured; otherwise the step is absent. A store lookup
 * that fails is logged and the card is decided without it.
 * <p>
 * Chunked codes ({@code shc:/C/N/...}) are answered {@code UNSUPPORTED}. Time claims are NumericDate seconds; a
 * value past 10^11 (the year 5138, so in practice milliseconds) or an {@code exp} before {@code nbf} makes the
 * card {@code MALFORMED}. The outcome carries the key id, the types ({@code v}, {@code t}), the holder identity and
 * the DCC-shaped health model of {@link DccModel}. It does not apply venue policy, and it does not download
 * anything: issuers, keys and CRLs come only from the trust store.
 */
public final class ShcVerifier {
    private static final double MAX_SECONDS = 1e11;
    private final Limits limits;
    private final Revocations revocations;

    public ShcVerifier(Limits limits) {
        this(limits, Revocations.NONE);
    }

    /** A verifier that also looks card rids up in {@code revocations}. */
    public ShcVerifier(Limits limits, Revocations revocations) {
        this.limits = limits;
        this.revocations = revocations;
    }

    public Outcome verify(String text, TrustStore trust, Instant clock) {
        Checks checks = new Checks();
        NumericQr.Decoded numeric = NumericQr.decode(text);
        if (numeric.status() == NumericQr.Status.NOT_SHC) {
            return Outcome.of(Verdict.MALFORMED, Format.SHC, checks.fail("prefix"), numeric.reason());
        }
        checks.pass("prefix");
        if (numeric.status() == NumericQr.Status.CHUNKED) {
            return Outcome.of(Verdict.UNSUPPORTED, Format.SHC, checks, numeric.reason());
        }
        if (numeric.status() == NumericQr.Status.MALFORMED) {
            return Outcome.of(Verdict.MALFORMED, Format.SHC, checks.fail("numeric"), numeric.reason());
        }
        checks.pass("numeric");
        CompactJws.Parsed jws = CompactJws.parse(numeric.jws());
        if (!jws.ok()) {
            return Outcome.of(Verdict.MALFORMED, Format.SHC, checks.fail("jws"), jws.failure());
        }
        checks.pass("jws");
        Inflation.Result inflated = Inflation.rawDeflate(jws.jws().compressedPayload(), limits.maxInflatedBytes());
        if (!inflated.ok()) {
            return Outcome.of(Verdict.MALFORMED, Format.SHC, checks.fail("inflate"),
                    "the payload " + inflated.failure());
        }
        checks.pass("inflate");
        CardClaims.Parsed claims = CardClaims.parse(inflated.bytes());
        if (!claims.ok()) {
            return Outcome.of(Verdict.MALFORMED, Format.SHC, checks.fail("json"), claims.failure());
        }
        checks.pass("json");
        CBORObject health = DccModel.of(claims.claims().bundle(), claims.claims().issuer());
        String type = (health.ContainsKey("v") ? "v" : "") + (health.ContainsKey("t") ? "t" : "");
        return verifySigned(jws.jws(), claims.claims(), trust, clock, checks)
                .withFacts(jws.jws().kid(), type.isEmpty() ? null : type, HolderIdentity.ofHcert(health), health);
    }

    private Outcome verifySigned(CompactJws jws, CardClaims claims, TrustStore trust, Instant clock, Checks checks) {
        Optional<ShcIssuer> issuer = trust.shcIssuer(claims.issuer());
        Optional<IssuerKey> key = issuer.flatMap(i -> i.key(jws.kid()));
        if (key.isEmpty()) {
            checks.fail("signature");
            return Outcome.of(Verdict.UNKNOWN_ISSUER, Format.SHC, checks, issuer.isEmpty()
                    ? "the issuer " + claims.issuer() + " is not a trusted SMART Health Cards issuer"
                    : "the trusted issuer " + claims.issuer() + " has no key with the kid " + jws.kid());
        }
        if (!signatureVerifies(jws, key.get())) {
            checks.fail("signature");
            return Outcome.of(Verdict.INVALID_SIGNATURE, Format.SHC, checks,
                    "the signature does not verify with the issuer's key " + jws.kid());
        }
        checks.pass("signature");
        Optional<Window> outside = outsideWindow(claims, clock);
        checks.record("validity", outside.isEmpty());
        Optional<RevocationList> crl = issuer.get().revocationList(jws.kid());
        boolean revokedByList = crl.isPresent() && crl.get().revokes(claims.rid(), claims.notBefore());
        Optional<Boolean> storeRevokes = storeRevokes(claims, jws.kid());
        boolean revoked = revokedByList || storeRevokes.orElse(false);
        if (crl.isPresent() || storeRevokes.isPresent()) {
            checks.record("revocation", !revoked);
        }
        if (outside.isPresent()) {
            return Outcome.of(outside.get().verdict(), Format.SHC, checks, outside.get().reason());
        }
        if (revokedByList) {
            return Outcome.of(Verdict.REVOKED, Format.SHC, checks, "the issuer's revocation list (ctr "
                    + crl.get().counter() + ") for key " + jws.kid() + " revokes this card");
        }
        if (revoked) {
            return Outcome.of(Verdict.REVOKED, Format.SHC, checks, "the trust bundle's revocation data for key "
                    + jws.kid() + " revokes this card");
        }
        return Outcome.of(Verdict.VALID, Format.SHC, checks,
                validReason(crl.isPresent() || storeRevokes.isPresent(), key.get()));
    }

    /**
     * Whether the revocation store lists the card's rid for its issuer and key, issued before the entry's time;
     * empty when the card has no rid, no store is configured or the lookup failed.
     */
    private Optional<Boolean> storeRevokes(CardClaims claims, String kid) {
        if (claims.rid() == null || !revocations.configured()) {
            return Optional.empty();
        }
        try {
            Optional<RevocationEntry> entry = revocations.findShc(claims.issuer() + "#" + kid, claims.rid());
            Instant issued = Instant.ofEpochSecond((long) claims.notBefore());
            return Optional.of(entry.isPresent() && entry.get().revokesIssuedAt(issued));
        } catch (RevocationStoreException e) {
            Logger.warn("SHC revocation not checked, the lookup failed: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static String validReason(boolean revocationChecked, IssuerKey key) {
        if (revocationChecked) {
            return "signature, validity and revocation are good";
        }
        if (key.crlVersion() > 0) {
            return "signature and validity are good; revocation was not checked: key " + key.kid()
                    + " declares crlVersion " + key.crlVersion() + " but no CRL was given";
        }
        return "signature and validity are good; the key has no revocation list";
    }

    private static boolean signatureVerifies(CompactJws jws, IssuerKey key) {
        return Es256.verify(key.publicKey(), jws.signingInput(), jws.signature());
    }

    /** Why a card is outside its time window or has unusable time claims. */
    private record Window(Verdict verdict, String reason) {
    }

    private static Optional<Window> outsideWindow(CardClaims claims, Instant clock) {
        double nbf = claims.notBefore();
        if (nbf < 0 || nbf > MAX_SECONDS) {
            return malformed("the card's nbf " + (long) nbf + " is not seconds since 1970 (milliseconds?)");
        }
        if (claims.hasExpiry() && (claims.expires() < 0 || claims.expires() > MAX_SECONDS)) {
            return malformed("the card's exp " + (long) claims.expires()
                    + " is not seconds since 1970 (milliseconds?)");
        }
        if (claims.hasExpiry() && claims.expires() < nbf) {
            return malformed("the card expires at " + instant(claims.expires()) + ", before its nbf " + instant(nbf));
        }
        if (clock.isBefore(instant(nbf))) {
            return Optional.of(new Window(Verdict.NOT_YET_VALID, "the card is not valid before " + instant(nbf)
                    + ", after the clock " + clock));
        }
        if (claims.hasExpiry() && clock.isAfter(instant(claims.expires()))) {
            return Optional.of(new Window(Verdict.EXPIRED, "the card expired at " + instant(claims.expires())
                    + ", before the clock " + clock));
        }
        return Optional.empty();
    }

    private static Optional<Window> malformed(String reason) {
        return Optional.of(new Window(Verdict.MALFORMED, reason));
    }

    private static Instant instant(double seconds) {
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }
}
