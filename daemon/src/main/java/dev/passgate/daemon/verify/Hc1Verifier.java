package dev.passgate.daemon.verify;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.CwtClaims;
import dev.passgate.daemon.decode.Inflation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.verify.schema.DccSchema;
import dev.passgate.daemon.revocation.DccRevocationKeys;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationStoreException;
import dev.passgate.daemon.revocation.Revocations;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.binary.Base45;
import org.tinylog.Logger;

/**
 * Verifies an EU Digital COVID Certificate ({@code HC1:} + Base45 + zlib + COSE_Sign1 + CWT) offline against a
 * trust store, at a given instant. Steps, each recorded in the outcome's checks as it runs: {@code prefix},
 * {@code base45}, {@code inflate}, {@code cose}, {@code cbor}, {@code schema}, {@code signature},
 * {@code keyusage}, {@code validity}. Decoding steps stop at the first failure; the schema, signature, key usage
 * and validity steps are all evaluated once the payload decodes, so one answer says which of them passed.
 * The verdict is the first failure in the order signature, structural minimum ({@code MALFORMED}), key usage,
 * validity. A schema failure alone only warns (see {@link DccSchema}): the pass stays {@code VALID} with
 * {@code checks.schema=false} and the first violation in its reason. A coded field outside the EU value sets is
 * a warning of the schema step too, recorded apart as {@code checks.valuesets=false} (present only then).
 * When revocation data is configured, a {@code revocation} step follows a good signature: the pass's
 * {@link DccRevocationKeys} are looked up, and a listed pass is {@code REVOKED}, ahead of a structural, key usage
 * or validity failure. A lookup that fails with an I/O fault leaves the step out and the verdict as it is (fail
 * open, logged): a broken revocation file must not close the door to every valid pass. Venue policies are a
 * later stage.
 */
public final class Hc1Verifier {
    private static final String PREFIX = "HC1:";
    private final Limits limits;
    private final DccSchema schema = DccSchema.shipped();
    private final Revocations revocations;

    public Hc1Verifier(Limits limits) {
        this(limits, Revocations.NONE);
    }

    public Hc1Verifier(Limits limits, Revocations revocations) {
        this.limits = limits;
        this.revocations = revocations;
    }

    public Outcome verify(String text, TrustStore trust, Instant clock) {
        Checks checks = new Checks();
        if (!text.startsWith(PREFIX)) {
            checks.fail("prefix");
            return Outcome.of(Verdict.MALFORMED, Format.HC1, checks, "the code does not start with HC1:");
        }
        checks.pass("prefix");
        byte[] compressed;
        try {
            compressed = new Base45().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            compressed = null;
        }
        if (compressed == null || !isBase45(text.substring(PREFIX.length()))) {
            checks.fail("base45");
            return Outcome.of(Verdict.MALFORMED, Format.HC1, checks, "the text after HC1: is not valid Base45");
        }
        checks.pass("base45");
        Inflation.Result inflated = Inflation.zlib(compressed, limits.maxInflatedBytes());
        if (!inflated.ok()) {
            checks.fail("inflate");
            return Outcome.of(Verdict.MALFORMED, Format.HC1, checks, "the payload " + inflated.failure());
        }
        checks.pass("inflate");
        CoseSign1.Parsed cose = CoseSign1.parse(inflated.bytes(), limits);
        if (!cose.ok()) {
            checks.fail("cose");
            return Outcome.of(Verdict.MALFORMED, Format.HC1, checks, cose.failure());
        }
        checks.pass("cose");
        CwtClaims.Parsed claims = CwtClaims.parse(cose.message().payload(), limits);
        if (!claims.ok()) {
            checks.fail("cbor");
            return Outcome.of(Verdict.MALFORMED, Format.HC1, checks, claims.failure());
        }
        checks.pass("cbor");
        DccSchema.Result content = trust.valueSets().map(schema::withValueSets).orElse(schema)
                .check(claims.claims().hcert());
        checks.record("schema", content.valid());
        if (!content.valueSetFindings().isEmpty()) {
            checks.record("valuesets", false);
        }
        return verifySigned(cose.message(), claims.claims(), content, trust, clock, checks);
    }

    private Outcome verifySigned(CoseSign1 cose, CwtClaims claims, DccSchema.Result content, TrustStore trust,
                                 Instant clock, Checks checks) {
        Set<String> types = certificateTypes(claims.hcert());
        String typeFact = String.join("", types);
        String holder = HolderIdentity.ofHcert(claims.hcert());
        String kidText = cose.keyId().map(kid -> Base64.getEncoder().encodeToString(kid)).orElse(null);
        SignerMatch match = findSigner(cose, trust);
        checks.record("signature", match.signer() != null);
        if (match.verdict() == Verdict.KEY_USAGE) {
            checks.record("keyusage", false);
        }
        if (match.signer() == null) {
            return Outcome.of(match.verdict(), Format.HC1, checks, match.reason())
                    .withFacts(kidText, typeFact, holder, claims.hcert());
        }
        X509Certificate signer = match.signer();
        Optional<RevocationEntry> revoked = checkRevocation(cose, claims, checks);
        boolean usageOk = KeyUsage.allows(signer, types);
        checks.record("keyusage", usageOk);
        TokenValidity.Result validity = TokenValidity.check(signer, claims.issuedAt(), claims.expiresAt(), clock);
        checks.record("validity", validity.ok());
        Outcome outcome;
        if (revoked.isPresent()) {
            outcome = Outcome.of(Verdict.REVOKED, Format.HC1, checks, "the pass is on the revocation list by its "
                    + revoked.get().kind().name().substring("DCC_".length()) + " hash");
        } else if (!content.structurallySound()) {
            outcome = Outcome.of(Verdict.MALFORMED, Format.HC1, checks, "the certificate lacks its structural "
                    + "minimum: " + content.structuralFailure());
        } else if (!usageOk) {
            outcome = Outcome.of(Verdict.KEY_USAGE, Format.HC1, checks,
                    "the signing certificate may not sign " + describeTypes(types));
        } else if (!validity.ok()) {
            outcome = Outcome.of(validity.verdict(), Format.HC1, checks, "the pass is " + validity.reason());
        } else {
            outcome = Outcome.of(Verdict.VALID, Format.HC1, checks, "signature, key usage and validity are good"
                    + (content.valid() ? "" : ", but the content departs from DCC schema " + content.release()
                    + ": " + content.violations().get(0))
                    + (content.valueSetFindings().isEmpty() ? "" : ", and a code is outside the EU value sets: "
                    + content.valueSetFindings().get(0)));
        }
        return outcome.withFacts(kidText, typeFact, holder, claims.hcert());
    }

    private Optional<RevocationEntry> checkRevocation(CoseSign1 cose, CwtClaims claims, Checks checks) {
        if (!revocations.configured()) {
            return Optional.empty();
        }
        try {
            Optional<RevocationEntry> entry = revocations.firstRevoking(DccRevocationKeys.of(cose, claims));
            checks.record("revocation", entry.isEmpty());
            return entry;
        } catch (RevocationStoreException e) {
            Logger.warn("revocation not checked, the lookup failed: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private record SignerMatch(X509Certificate signer, Verdict verdict, String reason) {
    }

    private static SignerMatch findSigner(CoseSign1 cose, TrustStore trust) {
        if (cose.keyId().isEmpty()) {
            return new SignerMatch(null, Verdict.UNKNOWN_ISSUER, "the pass names no key id");
        }
        List<X509Certificate> candidates = trust.certificates(cose.keyId().get());
        if (candidates.isEmpty()) {
            return new SignerMatch(null, Verdict.UNKNOWN_ISSUER, "no trusted signing certificate has the key id "
                    + Base64.getEncoder().encodeToString(cose.keyId().get()));
        }
        if (cose.algorithm().isEmpty()) {
            return new SignerMatch(null, Verdict.MALFORMED, "the COSE header names no algorithm");
        }
        int alg = cose.algorithm().get();
        CoseSignatures.Result last = CoseSignatures.Result.INVALID;
        String curveRefusal = null;
        for (X509Certificate candidate : candidates) {
            last = CoseSignatures.verify(cose, alg, candidate.getPublicKey());
            if (last == CoseSignatures.Result.VALID) {
                return new SignerMatch(candidate, Verdict.VALID, null);
            }
            if (last == CoseSignatures.Result.CURVE_NOT_ALLOWED) {
                curveRefusal = CoseSignatures.curveRefusal(alg, candidate.getPublicKey());
            }
        }
        if (last == CoseSignatures.Result.UNSUPPORTED_ALGORITHM) {
            return new SignerMatch(null, Verdict.UNSUPPORTED, "the signature algorithm " + alg
                    + " is not supported, expected ES256 (-7), ES384 (-35), ES512 (-36) or PS256 (-37)");
        }
        if (curveRefusal != null) {
            return new SignerMatch(null, Verdict.KEY_USAGE, curveRefusal);
        }
        return new SignerMatch(null, Verdict.INVALID_SIGNATURE, "the signature does not verify with the trusted "
                + "certificate of its key id");
    }

    private static Set<String> certificateTypes(CBORObject hcert) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : List.of("v", "t", "r")) {
            CBORObject entries = hcert.get(type);
            if (entries != null && entries.getType() == CBORType.Array && entries.size() > 0) {
                types.add(type);
            }
        }
        return types;
    }

    private static String describeTypes(Set<String> types) {
        return types.isEmpty() ? "this certificate" : String.join("/", types).toLowerCase(Locale.ROOT)
                .replace("v", "vaccinations").replace("t", "tests").replace("r", "recoveries");
    }

    private static boolean isBase45(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || " $%*+-./:".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return text.length() % 3 != 1;
    }
}
