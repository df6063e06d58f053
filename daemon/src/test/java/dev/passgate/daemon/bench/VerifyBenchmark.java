package dev.passgate.daemon.bench;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.pg1.Pg1Verifier;
import java.security.GeneralSecurityException;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Verification throughput on one thread. For each format a whole decode and verify as the gate runs it (policy
 * {@code none}, so policy cost is left out), next to the raw signature checks over the very bytes, signature
 * and key of that pass, with the JDK's providers and with BouncyCastle (see {@link RawSignatures}): the limit a
 * verifier can approach. A PG1 pass carries two Ed25519 signatures (issuer and holder), so its limit is half the
 * raw Ed25519 rate. Run with {@code mvn -B -P bench -pl daemon -am -DskipTests verify}; docs/performance.md
 * gives the short and full settings.
 */
@State(Scope.Benchmark)
@Threads(1)
public class VerifyBenchmark {
    private PassVerifier verifier;
    private Policy policy;
    private Fixtures fixtures;
    private ECPublicKeyParameters hc1BcKey;
    private ECPublicKeyParameters shcBcKey;

    @Setup
    public void setUp() throws GeneralSecurityException {
        fixtures = Fixtures.mint();
        verifier = new PassVerifier(Limits.DEFAULT, Revocations.NONE, new Pg1Verifier(Limits.DEFAULT,
                Fixtures.FORGETFUL, Pg1Verifier.DEFAULT_WINDOW, Pg1Verifier.DEFAULT_SKEW));
        policy = Policies.named("none").orElseThrow();
        hc1BcKey = RawSignatures.bcKey(fixtures.hc1Signed.key());
        shcBcKey = RawSignatures.bcKey(fixtures.shcSigned.key());
        for (Outcome outcome : new Outcome[] {hc1DecodeAndVerify(), shcDecodeAndVerify(), pg1DecodeAndVerify()}) {
            if (!outcome.valid()) {
                throw new IllegalStateException("a benchmark pass does not verify: " + outcome.reason());
            }
        }
        boolean raw = rawEs256Hc1Jdk() && rawEs256Hc1BcJca() && rawEs256Hc1BcLight() && rawEs256ShcJdk()
                && rawEs256ShcBcLight() && rawEd25519Pg1Jdk() && rawEd25519Pg1BcJca() && rawEd25519Pg1BcLight();
        if (!raw) {
            throw new IllegalStateException("a raw signature benchmark does not verify");
        }
    }

    @Benchmark
    public Outcome hc1DecodeAndVerify() {
        return verifier.verify(fixtures.hc1, fixtures.trust, Fixtures.NOW, policy);
    }

    @Benchmark
    public Outcome shcDecodeAndVerify() {
        return verifier.verify(fixtures.shc, fixtures.trust, Fixtures.NOW, policy);
    }

    @Benchmark
    public Outcome pg1DecodeAndVerify() {
        return verifier.verify(fixtures.pg1, fixtures.trust, Fixtures.NOW, policy);
    }

    @Benchmark
    public boolean rawEs256Hc1Jdk() throws GeneralSecurityException {
        return RawSignatures.es256Jdk(fixtures.hc1Signed);
    }

    @Benchmark
    public boolean rawEs256Hc1BcJca() throws GeneralSecurityException {
        return RawSignatures.es256BcJca(fixtures.hc1Signed);
    }

    @Benchmark
    public boolean rawEs256Hc1BcLight() {
        return RawSignatures.es256BcLight(fixtures.hc1Signed, hc1BcKey);
    }

    @Benchmark
    public boolean rawEs256ShcJdk() throws GeneralSecurityException {
        return RawSignatures.es256Jdk(fixtures.shcSigned);
    }

    @Benchmark
    public boolean rawEs256ShcBcLight() {
        return RawSignatures.es256BcLight(fixtures.shcSigned, shcBcKey);
    }

    @Benchmark
    public boolean rawEd25519Pg1Jdk() throws GeneralSecurityException {
        return RawSignatures.ed25519Jdk(fixtures.pg1Signed);
    }

    @Benchmark
    public boolean rawEd25519Pg1BcJca() throws GeneralSecurityException {
        return RawSignatures.ed25519BcJca(fixtures.pg1Signed);
    }

    @Benchmark
    public boolean rawEd25519Pg1BcLight() {
        return RawSignatures.ed25519BcLight(fixtures.pg1Signed);
    }
}
