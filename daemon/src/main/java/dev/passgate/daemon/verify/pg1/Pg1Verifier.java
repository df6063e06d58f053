package dev.passgate.daemon.verify.pg1;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.verify.Checks;
import dev.passgate.daemon.verify.Format;
import dev.passgate.daemon.verify.HolderIdentity;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.commons.codec.binary.Base45;

/**
 * Verifies a passgate dynamic pass, format PG1 (specified with test vectors in {@code docs/pass-format.md}):
 *
 * <pre>
 *   "PG1:" Base45( [ credential : bstr .cbor COSE_Sign1,     signed once by the issuer
 *                    presentation : bstr .cbor COSE_Sign1 ] ) signed by the holder for every display
 *   credential   = [ bstr .cbor {1: -8 (EdDSA), 4: kid (8 bytes)}, {}, bstr .cbor claims, signature (64) ]
 *   claims       = { 1: iss (tstr), 4: exp, 6: iat (epoch seconds),
 *                    8: { 1: COSE_Key {1: 1 (OKP), -1: 6 (Ed25519), -2: x (32 bytes)} },   holder key (cnf)
 *                    -260: { 1: hcert } }                  DCC-shaped: ver, nam, dob, v / t / r
 *   presentation = [ bstr .cbor {1: -8}, {}, bstr .cbor shown, signature (64) ]
 *                  signed with external_aad = SHA-256(credential bytes), binding it to this credential
 *   shown        = [ t (epoch seconds), nonce (16 bytes) ]                    version 1, bound to no venue
 *                / [ t (epoch seconds), nonce (16 bytes), venue (tstr) ]     version 2, venue id 1..64 of
 *                                                                            A-Z a-z 0-9 . _ - ({@link VenueCode})
 * </pre>
 *
 * The presentation version is told by the length of {@code shown}; version 1 is read as it always was.
 * Steps, in order: {@code prefix}, {@code base45}, {@code cbor}, {@code credential}, {@code signature} (issuer
 * key by kid), {@code holder} (presentation signature, which covers the venue), {@code validity}
 * ({@code iat ≤ at ≤ exp}), {@code venue} (only on a kiosk with a venue: {@link VenueRule}), {@code freshness}
 * ({@code at - window ≤ t ≤ at + skew}), {@code replay} (digest and nonce never accepted before). The replay cache
 * is only written once every other step passed, so a forged or stale code cannot fill it; an entry is kept until
 * {@code t + retention}, where the retention is the longest window any configuration allows, so that a reload
 * widening the window does not make a remembered presentation new again. Never throws for any text. Not
 * guaranteed: that the phone showing the code is the holder's own (a second phone holding a copy of the holder
 * key can present too), nor that a presentation signed for this venue was not relayed live from another phone
 * at the same venue; PG1 only makes a screenshot useless after the window and at any other venue.
 */
public final class Pg1Verifier {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(5);
    private final Limits limits;
    private final ReplayCache replays;
    private final Duration window;
    private final Duration skew;
    private final Duration retention;
    private final VenueRule venue;

    /** A verifier with no venue, keeping replay entries for {@code window} plus {@code skew}. */
    public Pg1Verifier(Limits limits, ReplayCache replays, Duration window, Duration skew) {
        this(limits, replays, window, skew, window.plus(skew), VenueRule.NONE);
    }

    /**
     * A verifier for {@code venue}, keeping each replay entry until the presentation time plus {@code retention}
     * (at least {@code window} plus {@code skew}).
     */
    public Pg1Verifier(Limits limits, ReplayCache replays, Duration window, Duration skew, Duration retention,
                       VenueRule venue) {
        this.limits = limits;
        this.replays = replays;
        this.window = window;
        this.skew = skew;
        Duration least = window.plus(skew);
        this.retention = retention.compareTo(least) < 0 ? least : retention;
        this.venue = venue;
    }

    public Outcome verify(String text, TrustStore trust, Instant at) {
        Checks checks = new Checks();
        if (!text.startsWith(Pg1Signer.PREFIX)) {
            return fail(Verdict.MALFORMED, checks.fail("prefix"), "the code does not start with PG1:");
        }
        checks.pass("prefix");
        byte[] bytes;
        try {
            bytes = new Base45().decode(text.substring(Pg1Signer.PREFIX.length())
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return fail(Verdict.MALFORMED, checks.fail("base45"), "the text after PG1: is not Base45");
        }
        checks.pass("base45");
        Pg1Pass.Parsed parsed = Pg1Pass.parse(bytes, limits);
        if (!parsed.ok()) {
            return fail(Verdict.MALFORMED, checks.fail(parsed.failedStep()), parsed.failure());
        }
        checks.pass("cbor").pass("credential");
        return decide(parsed.pass(), checks, trust, at);
    }

    private Outcome decide(Pg1Pass pass, Checks checks, TrustStore trust, Instant at) {
        String kid = Base64.getEncoder().encodeToString(pass.kid());
        Optional<PublicKey> issuerKey = trust.issuerKey(kid);
        if (issuerKey.isEmpty()) {
            return facts(fail(Verdict.UNKNOWN_ISSUER, checks.fail("signature"),
                    "no trusted passgate issuer has key id " + kid), pass, kid);
        }
        if (!Pg1Keys.verify(issuerKey.get(), pass.credential().toBeSigned(), pass.credential().signature())) {
            return facts(fail(Verdict.INVALID_SIGNATURE, checks.fail("signature"),
                    "the issuer signature does not match key " + kid), pass, kid);
        }
        checks.pass("signature");
        PublicKey holderKey;
        try {
            holderKey = Pg1Keys.publicKey(pass.holderKey());
        } catch (GeneralSecurityException e) {
            return facts(fail(Verdict.INVALID_SIGNATURE, checks.fail("holder"), "the holder key is not usable"),
                    pass, kid);
        }
        byte[] holderSigned = Pg1Signer.toBeSigned(pass.presentation().protectedBytes(), pass.credentialDigest(),
                pass.presentation().payload());
        boolean holderOk = Pg1Keys.verify(holderKey, holderSigned, pass.presentation().signature());
        checks.record("holder", holderOk);
        boolean notYet = at.isBefore(pass.issuedAt());
        boolean expired = at.isAfter(pass.expiresAt());
        checks.record("validity", !notYet && !expired);
        if (!holderOk) {
            return facts(fail(Verdict.INVALID_SIGNATURE, checks,
                    "the presentation is not signed by the key the credential names"), pass, kid);
        }
        Optional<String> revoked = trust.pg1Revocation(pass.credentialDigest(), Pg1Keys.sha256(pass.holderKey()),
                kid);
        if (trust.pg1RevocationListed()) {
            checks.record("revocation", revoked.isEmpty());
        }
        if (revoked.isPresent()) {
            return facts(fail(Verdict.REVOKED, checks, "the pass is on the revocation list by its "
                    + revoked.get()), pass, kid);
        }
        if (notYet || expired) {
            Verdict verdict = notYet ? Verdict.NOT_YET_VALID : Verdict.EXPIRED;
            return facts(fail(verdict, checks, "the credential is valid from " + pass.issuedAt() + " to "
                    + pass.expiresAt() + ", the clock reads " + at), pass, kid);
        }
        return venue(pass, checks, at, kid);
    }

    /** The {@code venue} step, run only by a kiosk with a venue, then {@link #fresh}. */
    private Outcome venue(Pg1Pass pass, Checks checks, Instant at, String kid) {
        if (venue.venueId().isPresent()) {
            Optional<String> refusal = venue.refusal(pass.venue());
            checks.record("venue", refusal.isEmpty());
            if (refusal.isPresent()) {
                return facts(fail(Verdict.WRONG_VENUE, checks, refusal.get()), pass, kid);
            }
        }
        return fresh(pass, checks, at, kid);
    }

    private Outcome fresh(Pg1Pass pass, Checks checks, Instant at, String kid) {
        Instant shownAt = pass.presentedAt();
        boolean old = shownAt.isBefore(at.minus(window));
        boolean early = shownAt.isAfter(at.plus(skew));
        if (old || early) {
            checks.fail("freshness");
            String how = old ? "older than the " + window.toSeconds() + " s window"
                    : "more than " + skew.toSeconds() + " s ahead of the kiosk clock";
            return facts(fail(Verdict.STALE, checks, "the presentation was signed at " + shownAt + ", " + how
                    + " (the clock reads " + at + ")"), pass, kid);
        }
        checks.pass("freshness");
        String key = HexFormat.of().formatHex(pass.credentialDigest()) + HexFormat.of().formatHex(pass.nonce());
        Instant forgetAfter = shownAt.plus(retention);
        if (!replays.firstSeen(key, forgetAfter, at)) {
            return facts(fail(Verdict.REPLAYED, checks.fail("replay"),
                    "this presentation (signed at " + shownAt + ") was already accepted"), pass, kid);
        }
        checks.pass("replay");
        return facts(fail(Verdict.VALID, checks, "issuer and holder signatures, validity and freshness are good"),
                pass, kid).withReplayKey(key);
    }

    private static Outcome facts(Outcome outcome, Pg1Pass pass, String kid) {
        CBORObject hcert = pass.hcert();
        return outcome.withFacts(kid, certificateType(hcert), HolderIdentity.ofHcert(hcert), hcert);
    }

    private static String certificateType(CBORObject hcert) {
        for (String type : new String[] {"v", "t", "r", "x"}) {
            CBORObject entries = hcert.get(type);
            if (entries != null && entries.getType() == CBORType.Array && entries.size() > 0) {
                return type;
            }
        }
        return null;
    }

    private static Outcome fail(Verdict verdict, Checks checks, String reason) {
        return Outcome.of(verdict, Format.PG1, checks, reason);
    }
}
