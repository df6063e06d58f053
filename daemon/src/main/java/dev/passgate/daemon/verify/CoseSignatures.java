package dev.passgate.daemon.verify;

import dev.passgate.daemon.decode.CoseSign1;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Checks a COSE_Sign1 signature. ES256 (-7) signatures are the raw r‖s form COSE uses (64 bytes), checked by
 * {@link Es256} (BouncyCastle, the faster provider); PS256 (-37) is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a
 * 32-byte salt, checked by the JDK's provider. Other algorithms are reported as unsupported rather than failed.
 */
public final class CoseSignatures {
    public static final int ES256 = -7;
    public static final int PS256 = -37;
    private static final int ES256_SIGNATURE_LENGTH = 64;

    private CoseSignatures() {
    }

    /** How a signature check ended. */
    public enum Result { VALID, INVALID, UNSUPPORTED_ALGORITHM, WRONG_KEY_TYPE }

    public static Result verify(CoseSign1 message, int algorithm, PublicKey key) {
        try {
            Signature signature;
            if (algorithm == ES256) {
                if (!(key instanceof ECPublicKey)) {
                    return Result.WRONG_KEY_TYPE;
                }
                if (message.signature().length != ES256_SIGNATURE_LENGTH) {
                    return Result.INVALID;
                }
                return Es256.verify(key, message.toBeSigned(), message.signature()) ? Result.VALID : Result.INVALID;
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
}
