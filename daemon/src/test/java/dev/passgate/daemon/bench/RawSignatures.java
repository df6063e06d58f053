package dev.passgate.daemon.bench;

import dev.passgate.daemon.bench.Fixtures.Signed;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The raw signature checks the benchmarks compare, each over a {@link Signed} fixture: the JDK's providers
 * (SunEC), BouncyCastle through the JCA with the JDK's key object (converted on every call, as a drop-in provider
 * swap would do), and BouncyCastle's lightweight API with the key converted once (as a verifier that caches the
 * converted key per trust entry would do).
 */
final class RawSignatures {
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final int HALF = 32;

    private RawSignatures() {
    }

    static boolean es256Jdk(Signed signed) throws GeneralSecurityException {
        Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
        verify.initVerify(signed.key());
        verify.update(signed.message());
        return verify.verify(signed.signature());
    }

    static boolean es256BcJca(Signed signed) throws GeneralSecurityException {
        Signature verify = Signature.getInstance("SHA256withPLAIN-ECDSA", BOUNCY_CASTLE);
        verify.initVerify(signed.key());
        verify.update(signed.message());
        return verify.verify(signed.signature());
    }

    /** The key in BouncyCastle's lightweight form, converted once. */
    static ECPublicKeyParameters bcKey(PublicKey key) {
        try {
            return (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter((ECPublicKey) key);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException("not a usable EC key", e);
        }
    }

    static boolean es256BcLight(Signed signed, ECPublicKeyParameters key) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(signed.message(), 0, signed.message().length);
        byte[] hash = new byte[HALF];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        byte[] sig = signed.signature();
        return signer.verifySignature(hash, new java.math.BigInteger(1, Arrays.copyOfRange(sig, 0, HALF)),
                new java.math.BigInteger(1, Arrays.copyOfRange(sig, HALF, 2 * HALF)));
    }

    static boolean ed25519Jdk(Signed signed) throws GeneralSecurityException {
        Signature verify = Signature.getInstance("Ed25519");
        verify.initVerify(signed.key());
        verify.update(signed.message());
        return verify.verify(signed.signature());
    }

    static boolean ed25519BcJca(Signed signed) throws GeneralSecurityException {
        Signature verify = Signature.getInstance("Ed25519", BOUNCY_CASTLE);
        verify.initVerify(signed.key());
        verify.update(signed.message());
        return verify.verify(signed.signature());
    }

    static boolean ed25519BcLight(Signed signed) {
        byte[] spki = signed.key().getEncoded();
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(false, new Ed25519PublicKeyParameters(spki, spki.length - HALF));
        signer.update(signed.message(), 0, signed.message().length);
        return signer.verifySignature(signed.signature());
    }
}
