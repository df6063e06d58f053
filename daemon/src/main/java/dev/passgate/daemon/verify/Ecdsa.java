package dev.passgate.daemon.verify;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * ECDSA checks on the NIST curves P-256, P-384 and P-521 with SHA-256, SHA-384 or SHA-512, for the raw r‖s
 * signatures COSE and JWS carry (each half as long as the curve's order: 32, 48 or 66 bytes). The curve is the
 * signer key's own, as reference verifiers take it from the certificate; which hash may go with which curve is
 * the caller's decision ({@link CoseSignatures}). BouncyCastle's lightweight API does the work (the faster
 * provider, docs/performance.md); the converted form of a key is kept for as long as the key object lives. Like
 * SunEC it refuses r or s outside [1, n-1], a signature of the wrong length and a key on no known curve. Never
 * throws.
 */
public final class Ecdsa {
    private static final Map<PublicKey, Curve> CURVES = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<PublicKey, ECPublicKeyParameters> CONVERTED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Ecdsa() {
    }

    /** A NIST prime curve passgate checks signatures on, by its JOSE/COSE name and the byte length of r and s. */
    public enum Curve {
        P256("P-256", 32), P384("P-384", 48), P521("P-521", 66);

        private final String joseName;
        private final int half;

        Curve(String joseName, int half) {
            this.joseName = joseName;
            this.half = half;
        }

        public String joseName() {
            return joseName;
        }

        /** The length of a raw r‖s signature on this curve. */
        public int signatureLength() {
            return 2 * half;
        }
    }

    /** A hash ECDSA signs with. */
    public enum Hash { SHA256, SHA384, SHA512 }

    /** The curve of an EC key, when it is one of {@link Curve}; any other curve (secp256k1, brainpool) is empty. */
    public static Optional<Curve> curveOf(PublicKey key) {
        if (!(key instanceof ECPublicKey ecKey)) {
            return Optional.empty();
        }
        Curve known = CURVES.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        BigInteger order = ecKey.getParams().getOrder();
        BigInteger prime = ecKey.getParams().getCurve().getField() instanceof ECFieldFp field
                ? field.getP() : null;
        for (Curve curve : Curve.values()) {
            X9ECParameters spec = NISTNamedCurves.getByName(curve.joseName());
            if (spec.getN().equals(order) && spec.getCurve().getField().getCharacteristic().equals(prime)) {
                CURVES.put(key, curve);
                return Optional.of(curve);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code signature} (raw r‖s) is a valid ECDSA signature with {@code hash} of {@code message}. */
    public static boolean verify(PublicKey key, Hash hash, byte[] message, byte[] signature) {
        Optional<Curve> curve = curveOf(key);
        if (curve.isEmpty() || signature.length != curve.get().signatureLength()) {
            return false;
        }
        int half = curve.get().half;
        try {
            ECPublicKeyParameters parameters = CONVERTED.get(key);
            if (parameters == null) {
                parameters = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
                CONVERTED.put(key, parameters);
            }
            Digest digest = switch (hash) {
                case SHA256 -> new SHA256Digest();
                case SHA384 -> new SHA384Digest();
                case SHA512 -> new SHA512Digest();
            };
            digest.update(message, 0, message.length);
            byte[] hashed = new byte[digest.getDigestSize()];
            digest.doFinal(hashed, 0);
            ECDSASigner ecdsa = new ECDSASigner();
            ecdsa.init(false, parameters);
            return ecdsa.verifySignature(hashed, new BigInteger(1, Arrays.copyOfRange(signature, 0, half)),
                    new BigInteger(1, Arrays.copyOfRange(signature, half, 2 * half)));
        } catch (InvalidKeyException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            return false;
        }
    }
}
