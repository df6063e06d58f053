package dev.passgate.daemon.bench;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Verification throughput on one thread: a whole HC1 decode and verify, next to the raw ES256 signature
 * verification of a message of the same size with the JDK and the BouncyCastle providers — the limit that HC1
 * verification can approach. Run with {@code mvn -B -P bench -pl daemon -am -DskipTests verify}.
 */
@State(Scope.Benchmark)
@Threads(1)
public class VerifyBenchmark {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private PassVerifier verifier;
    private TrustStore trust;
    private Policy policy;
    private String pass;
    private byte[] message;
    private byte[] signature;
    private KeyPair keys;
    private final BouncyCastleProvider bouncyCastle = new BouncyCastleProvider();

    @Setup
    public void setUp() throws GeneralSecurityException {
        DemoPasses passes = DemoPasses.mint(NOW);
        verifier = new PassVerifier(Limits.DEFAULT);
        trust = passes.trust();
        policy = Policies.named("none").orElseThrow();
        pass = passes.samples().get(0).text();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        message = new byte[330];
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(keys.getPrivate());
        signer.update(message);
        signature = signer.sign();
        if (!hc1DecodeAndVerify().valid()) {
            throw new IllegalStateException("benchmark pass does not verify");
        }
    }

    @Benchmark
    public Outcome hc1DecodeAndVerify() {
        return verifier.verify(pass, trust, NOW, policy);
    }

    @Benchmark
    public boolean rawEs256Jdk() throws GeneralSecurityException {
        Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
        verify.initVerify(keys.getPublic());
        verify.update(message);
        return verify.verify(signature);
    }

    @Benchmark
    public boolean rawEs256BouncyCastle() throws GeneralSecurityException {
        Signature verify = Signature.getInstance("SHA256withPLAIN-ECDSA", bouncyCastle);
        verify.initVerify(keys.getPublic());
        verify.update(message);
        return verify.verify(signature);
    }
}
