package dev.passgate.daemon.verify.pg1;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.decode.Cbor;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.Limits;
import java.time.Instant;
import java.util.Optional;

/**
 * A PG1 pass decoded from its Base45 bytes but not yet verified: the issuer's credential and the holder's
 * presentation, each a COSE_Sign1 message, and the claims the verifier needs. Every CBOR item is decoded with
 * passgate's bounds; a structural fault names the step ({@code cbor} or {@code credential}) it belongs to.
 * {@code venue} is the venue id a version 2 presentation ({@code [t, nonce, venue]}) was signed for, empty for a
 * version 1 presentation ({@code [t, nonce]}).
 */
record Pg1Pass(CoseSign1 credential, byte[] credentialDigest, byte[] kid, Instant issuedAt, Instant expiresAt,
               byte[] holderKey, CBORObject hcert, CoseSign1 presentation, Instant presentedAt, byte[] nonce,
               Optional<String> venue) {

    /** A decoded pass, or the failed step and why. */
    record Parsed(Pg1Pass pass, String failedStep, String failure) {
        boolean ok() {
            return pass != null;
        }
    }

    static Parsed parse(byte[] bytes, Limits limits) {
        Cbor.Decoded outer = Cbor.decode(bytes, limits);
        if (!outer.ok()) {
            return cbor(outer.failure());
        }
        CBORObject pair = outer.item();
        if (pair.getType() != CBORType.Array || pair.size() != 2 || !isBytes(pair.get(0)) || !isBytes(pair.get(1))) {
            return cbor("a PG1 pass must be an array of two byte strings (credential, presentation)");
        }
        byte[] credentialBytes = pair.get(0).GetByteString();
        CoseSign1.Parsed credential = CoseSign1.parse(credentialBytes, limits);
        CoseSign1.Parsed presentation = CoseSign1.parse(pair.get(1).GetByteString(), limits);
        if (!credential.ok()) {
            return cbor("credential: " + credential.failure());
        }
        if (!presentation.ok()) {
            return cbor("presentation: " + presentation.failure());
        }
        Cbor.Decoded claims = Cbor.decode(credential.message().payload(), limits);
        Cbor.Decoded shown = Cbor.decode(presentation.message().payload(), limits);
        if (!claims.ok() || claims.item().getType() != CBORType.Map) {
            return cbor("the credential payload is not a CBOR map");
        }
        if (!shown.ok() || shown.item().getType() != CBORType.Array
                || shown.item().size() != 2 && shown.item().size() != 3) {
            return cbor("the presentation payload is not an array [time, nonce] or [time, nonce, venue]");
        }
        return build(credential.message(), Pg1Keys.sha256(credentialBytes), claims.item(),
                presentation.message(), shown.item());
    }

    private static Parsed build(CoseSign1 credential, byte[] digest, CBORObject claims, CoseSign1 presentation,
                                CBORObject shown) {
        if (credential.algorithm().orElse(0) != Pg1Keys.EDDSA || presentation.algorithm().orElse(0) != Pg1Keys.EDDSA) {
            return invalid("both signatures must be EdDSA (alg -8)");
        }
        byte[] kid = credential.keyId().orElse(null);
        CBORObject cnf = claims.get(Pg1Signer.CLAIM_CNF);
        CBORObject key = cnf != null && cnf.getType() == CBORType.Map ? cnf.get(Pg1Signer.CNF_COSE_KEY) : null;
        CBORObject hcertHolder = claims.get(Pg1Signer.CLAIM_HCERT);
        CBORObject hcert = hcertHolder != null && hcertHolder.getType() == CBORType.Map ? hcertHolder.get(1) : null;
        Long iat = seconds(claims.get(Pg1Signer.CLAIM_IAT));
        Long exp = seconds(claims.get(Pg1Signer.CLAIM_EXP));
        Long at = seconds(shown.get(0));
        if (kid == null || iat == null || exp == null || hcert == null || hcert.getType() != CBORType.Map) {
            return invalid("the credential lacks a kid, iat, exp or hcert (-260)");
        }
        if (key == null || key.getType() != CBORType.Map || !okpEd25519(key)) {
            return invalid("the credential's cnf claim is not an Ed25519 COSE_Key");
        }
        if (at == null || !isBytes(shown.get(1)) || shown.get(1).GetByteString().length != Pg1Signer.NONCE_LENGTH) {
            return new Parsed(null, "cbor", "the presentation needs an integer time and a 16-byte nonce");
        }
        Optional<String> venue = shown.size() == 3 ? venue(shown.get(2)) : Optional.empty();
        if (shown.size() == 3 && venue.isEmpty()) {
            return new Parsed(null, "cbor", "the presentation's venue is not a text of 1..64 characters from"
                    + " A-Z a-z 0-9 . _ -");
        }
        return new Parsed(new Pg1Pass(credential, digest, kid, Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp),
                key.get(Pg1Signer.KEY_X).GetByteString(), hcert, presentation, Instant.ofEpochSecond(at),
                shown.get(1).GetByteString(), venue), null, null);
    }

    private static Optional<String> venue(CBORObject value) {
        if (value.getType() != CBORType.TextString) {
            return Optional.empty();
        }
        String text = value.AsString();
        return text.length() <= VenueCode.MAX_ID_LENGTH && VenueCode.ID_PATTERN.matcher(text).matches()
                ? Optional.of(text) : Optional.empty();
    }

    private static boolean okpEd25519(CBORObject key) {
        CBORObject kty = key.get(Pg1Signer.KEY_KTY);
        CBORObject crv = key.get(Pg1Signer.KEY_CRV);
        CBORObject x = key.get(Pg1Signer.KEY_X);
        return kty != null && kty.getType() == CBORType.Integer && kty.AsInt64Value() == Pg1Signer.KTY_OKP
                && crv != null && crv.getType() == CBORType.Integer && crv.AsInt64Value() == Pg1Signer.CRV_ED25519
                && isBytes(x) && x.GetByteString().length == Pg1Keys.RAW_LENGTH;
    }

    private static Long seconds(CBORObject value) {
        if (value == null || value.getType() != CBORType.Integer || !value.CanValueFitInInt64()) {
            return null;
        }
        long seconds = value.AsInt64Value();
        return seconds >= 0 && seconds < Instant.MAX.getEpochSecond() ? seconds : null;
    }

    private static boolean isBytes(CBORObject value) {
        return value != null && value.getType() == CBORType.ByteString;
    }

    private static Parsed cbor(String failure) {
        return new Parsed(null, "cbor", failure);
    }

    private static Parsed invalid(String failure) {
        return new Parsed(null, "credential", failure);
    }
}
