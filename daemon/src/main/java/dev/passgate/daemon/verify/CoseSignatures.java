package dev.passgate.daemon.verify;

import dev.passgate.daemon.decode.CoseSign1;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import java.util.Set;

/**
 * Checks a COSE_Sign1 signature. ES256 (-7), ES384 (-35) and ES512 (-36) are ECDSA with SHA-256, -384 and -512 in
 * the raw r‖s form COSE uses, checked by {@link Ecdsa} on the curve of the signer's own key, as reference verifiers
 * do (the JCA's SHA256withECDSA takes a P-384 key, and national test data has a P-384 signer under ES256). The
 * algorithm/curve pairs allowed are {@link #ALLOWED_CURVES}: ES256 with P-256 or P-384, ES384 with P-384, ES512
 * with P-521; any other pair (a P-521 key under ES256, a secp256k1 or brainpool key) is
 * {@link Result#CURVE_NOT_ALLOWED}, which the verifier answers {@code KEY_USAGE}. A signature whose length is not
 * twice the curve's order length is invalid. PS256 (-37) is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte
 * salt, checked by the JDK's provider. Other algorithms are reported as unsupported rather than failed.
 */
public final class CoseSignatures {
    public static final int ES256 = -7;
    public static final int ES384 = -35;
    public static final int ES512 = -36;
    public static final int PS256 = -37;
    /** For each ECDSA algorithm, its hash and the curves a signer's key may be on. */
    public static final Map<Integer, Set<Ecdsa.Curve>> ALLOWED_CURVES = Map.of(
            ES256, Set.of(Ecdsa.Curve.P256, Ecdsa.Curve.P384),
            ES384, Set.of(Ecdsa.Curve.P384),
            ES512, Set.of(Ecdsa.Curve.P521));
    private static final Map<Integer, Ecdsa.Hash> HASHES = Map.of(ES256, Ecdsa.Hash.SHA256, ES384,
            Ecdsa.Hash.SHA384, ES512, Ecdsa.Hash.SHA512);
    private static final Map<Integer, String> NAMES = Map.of(ES256, "ES256", ES384, "ES384", ES512, "ES512",
            PS256, "PS256");

    private CoseSignatures() {
    }

    /** How a signature check ended. */
    public enum Result { VALID, INVALID, UNSUPPORTED_ALGORITHM, WRONG_KEY_TYPE, CURVE_NOT_ALLOWED }

    public static Result verify(CoseSign1 message, int algorithm, PublicKey key) {
        try {
            Signature signature;
            if (HASHES.containsKey(algorithm)) {
                if (!(key instanceof ECPublicKey)) {
                    return Result.WRONG_KEY_TYPE;
                }
                Ecdsa.Curve curve = Ecdsa.curveOf(key).orElse(null);
                if (curve == null || !ALLOWED_CURVES.get(algorithm).contains(curve)) {
                    return Result.CURVE_NOT_ALLOWED;
                }
                if (message.signature().length != curve.signatureLength()) {
                    return Result.INVALID;
                }
                return Ecdsa.verify(key, HASHES.get(algorithm), message.toBeSigned(), message.signature())
                        ? Result.VALID : Result.INVALID;
            } else if (algorithm == PS256) {
                if (!(key instanceof RSAPublicKey)) {
                    return Result.WRONG_KEY_TYPE;
                }
                signature = Signature.getInstance("RSASSA-PSS");
                signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                return Result.UNSUPPORTED_ALGORITHM;
            }
            signature.initVerify(key);
            signature.update(message.toBeSigned());
            return signature.verify(message.signature()) ? Result.VALID : Result.INVALID;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Result.INVALID;
        }
    }

    /**
     * Why {@code key} may not sign under {@code algorithm}, for a {@link Result#CURVE_NOT_ALLOWED} answer: the
     * algorithm, the key's curve and the curves allowed. No personal data: only public key parameters.
     */
    public static String curveRefusal(int algorithm, PublicKey key) {
        String found = Ecdsa.curveOf(key).map(Ecdsa.Curve::joseName).orElse("a curve other than P-256, P-384 "
                + "and P-521");
        String allowed = ALLOWED_CURVES.getOrDefault(algorithm, Set.of()).stream().map(Ecdsa.Curve::joseName)
                .sorted().reduce((a, b) -> a + " or " + b).orElse("none");
        return "the signer's key is on " + found + ", which " + NAMES.getOrDefault(algorithm, "alg " + algorithm)
                + " (" + algorithm + ") is not allowed with here; expected a key on " + allowed;
    }
}
