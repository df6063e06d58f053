package dev.passgate.daemon.verify;

import java.security.PublicKey;

/**
 * ES256 checks (ECDSA with SHA-256 on P-256; the signature is the 64-byte r‖s pair COSE and JWS carry), as SMART
 * Health Cards require them: a key on any other curve is refused. The check itself is {@link Ecdsa}'s, with
 * BouncyCastle's lightweight API, which is an order of magnitude faster per check than the JDK's SunEC on JDK 17
 * (docs/performance.md, VerifyBenchmark). Never throws.
 */
public final class Es256 {
    private Es256() {
    }

    /** Whether {@code signature} (64 bytes, r‖s) is a valid ES256 signature of {@code message} by {@code key}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return Ecdsa.curveOf(key).orElse(null) == Ecdsa.Curve.P256
                && Ecdsa.verify(key, Ecdsa.Hash.SHA256, message, signature);
    }
}
