package dev.passgate.daemon.bench;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.pg1.Pg1Verifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * The operations of {@link VerifyBenchmark}, timed by the CPU time of the thread that runs them
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}) next to wall time. CPU time per operation hardly moves when other
 * processes share the cores, so these figures stay comparable on a loaded machine where JMH's wall-clock
 * throughput does not. Each operation is warmed up for {@code warmup} seconds of its own thread's CPU time (so that
 * the JIT has compiled it even when the compiler threads are starved), then timed over {@code count} calls.
 * Arguments: {@code [count] [warmup-seconds]}, default 5,000 and 5.
 */
public final class VerifyCpuHarness {
    private VerifyCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        Fixtures f = Fixtures.mint();
        PassVerifier verifier = new PassVerifier(Limits.DEFAULT, Revocations.NONE, new Pg1Verifier(Limits.DEFAULT,
                Fixtures.FORGETFUL, Pg1Verifier.DEFAULT_WINDOW, Pg1Verifier.DEFAULT_SKEW));
        Policy none = Policies.named("none").orElseThrow();
        ECPublicKeyParameters hc1Key = RawSignatures.bcKey(f.hc1Signed.key());
        ECPublicKeyParameters shcKey = RawSignatures.bcKey(f.shcSigned.key());
        Map<String, Callable<Object>> ops = new LinkedHashMap<>();
        ops.put("hc1DecodeAndVerify", () -> verifier.verify(f.hc1, f.trust, Fixtures.NOW, none).valid());
        ops.put("shcDecodeAndVerify", () -> verifier.verify(f.shc, f.trust, Fixtures.NOW, none).valid());
        ops.put("pg1DecodeAndVerify", () -> verifier.verify(f.pg1, f.trust, Fixtures.NOW, none).valid());
        ops.put("rawEs256Hc1Jdk", () -> RawSignatures.es256Jdk(f.hc1Signed));
        ops.put("rawEs256Hc1BcJca", () -> RawSignatures.es256BcJca(f.hc1Signed));
        ops.put("rawEs256Hc1BcLight", () -> RawSignatures.es256BcLight(f.hc1Signed, hc1Key));
        ops.put("rawEs256ShcJdk", () -> RawSignatures.es256Jdk(f.shcSigned));
        ops.put("rawEs256ShcBcLight", () -> RawSignatures.es256BcLight(f.shcSigned, shcKey));
        ops.put("rawEd25519Pg1Jdk", () -> RawSignatures.ed25519Jdk(f.pg1Signed));
        ops.put("rawEd25519Pg1BcJca", () -> RawSignatures.ed25519BcJca(f.pg1Signed));
        ops.put("rawEd25519Pg1BcLight", () -> RawSignatures.ed25519BcLight(f.pg1Signed));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println(Machine.describe() + "; " + Machine.load());
        System.out.printf("verify CPU harness: %,d timed calls after %.0f CPU-s of warm-up each, one thread%n", count,
                warmup);
        System.out.printf("%-22s %12s %14s %12s %14s%n", "operation", "CPU us/op", "ops/CPU-s", "wall us/op",
                "ops/wall-s");
        for (Map.Entry<String, Callable<Object>> op : ops.entrySet()) {
            long warmUntil = threads.getCurrentThreadCpuTime() + (long) (warmup * 1e9);
            while (threads.getCurrentThreadCpuTime() < warmUntil) {
                check(op.getKey(), op.getValue().call());
            }
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < count; i++) {
                check(op.getKey(), op.getValue().call());
            }
            double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / count;
            double wallMicros = (System.nanoTime() - wall) / 1e3 / count;
            System.out.printf("%-22s %12.1f %14.0f %12.1f %14.0f%n", op.getKey(), cpuMicros, 1e6 / cpuMicros,
                    wallMicros, 1e6 / wallMicros);
        }
        System.out.println("after the run: " + Machine.load());
    }

    private static void check(String name, Object result) {
        if (!Boolean.TRUE.equals(result)) {
            throw new IllegalStateException(name + " did not verify");
        }
    }
}
