package dev.passgate.daemon.verify;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * ES256 checks (ECDSA with SHA-256; the signature is the 64-byte r‖s pair COSE and JWS carry) with BouncyCastle's
 * lightweight API, for HC1 and SMART Health Cards. It replaces the JDK's SunEC provider on the scan path because
 * it is an order of magnitude faster per check on JDK 17 (docs/performance.md, VerifyBenchmark). The BouncyCastle
 * form of a key is made once and kept for as long as the key object lives (a weak map keyed by the trust store's
 * key): converting a key costs more than a check, and the curve precomputations BouncyCastle keeps on it are what
 * make repeated checks fast. Like SunEC it refuses r or s outside [1, n-1] and an off-curve key. Never throws.
 */
public final class Es256 {
    private static final int HALF = 32;
    private static final Map<PublicKey, ECPublicKeyParameters> CONVERTED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Es256() {
    }

    /** Whether {@code signature} (64 bytes, r‖s) is a valid ES256 signature of {@code message} by {@code key}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (!(key instanceof ECPublicKey ecKey) || signature.length != 2 * HALF) {
            return false;
        }
        try {
            ECPublicKeyParameters parameters = CONVERTED.get(key);
            if (parameters == null) {
                parameters = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(ecKey);
                CONVERTED.put(key, parameters);
            }
            SHA256Digest digest = new SHA256Digest();
            digest.update(message, 0, message.length);
            byte[] hash = new byte[digest.getDigestSize()];
            digest.doFinal(hash, 0);
            ECDSASigner ecdsa = new ECDSASigner();
            ecdsa.init(false, parameters);
            return ecdsa.verifySignature(hash, new BigInteger(1, Arrays.copyOfRange(signature, 0, HALF)),
                    new BigInteger(1, Arrays.copyOfRange(signature, HALF, 2 * HALF)));
        } catch (InvalidKeyException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            return false;
        }
    }
}
