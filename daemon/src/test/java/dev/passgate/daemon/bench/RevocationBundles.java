package dev.passgate.daemon.bench;

import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.testing.UciPasses;
import dev.passgate.daemon.revocation.DccRevocationKeys;
import dev.passgate.daemon.verify.TrustStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What an operator hands a kiosk for {@link RevocationMemoryHarness}, made as an operator makes it: a DCC issuer
 * and two of its passes (one to be revoked, one good), the gateway trust list naming the issuer, a root key made
 * by {@code passgate bundle keygen}, and two bundles made by {@code passgate bundle make} (both with the tools jar,
 * {@code target/passgate.jar}, as on an operator's machine: the kiosk jar has no bundle-making commands): version 1
 * with a small revocation list that does not name the pass, version 2 with {@code entries} entries in EU DCC
 * revocation batches of {@value #BATCH} hashes, one of them the revoked pass's UCI hash, the others random.
 */
final class RevocationBundles {
    private static final int BATCH = 10_000;
    private static final int SMALL = 100;
    private static final long WAIT_SECONDS = 600;
    private static final List<String> TOOLS = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-jar", Path.of("target/passgate.jar").toAbsolutePath().toString());

    final String root;
    final String revokedPass;
    final String goodPass;
    final Path small;
    final Path large;

    private RevocationBundles(String root, String revokedPass, String goodPass, Path small, Path large) {
        this.root = root;
        this.revokedPass = revokedPass;
        this.goodPass = goodPass;
        this.small = small;
        this.large = large;
    }

    /** Makes the inputs and both bundles in {@code dir} for {@code now}. */
    static RevocationBundles make(Path dir, int entries,
                                  Instant now) throws IOException, InterruptedException, CertificateEncodingException {
        Files.createDirectories(dir);
        Hc1Issuer issuer = Hc1Issuer.create("revocation memory issuer", now.minus(Duration.ofDays(90)),
                now.plus(Duration.ofDays(900)));
        String kid = Base64.getEncoder().encodeToString(TrustStore.dccKeyId(issuer.certificate()));
        String revokedUci = "URN:UVCI:01:KR:REVMEM-REVOKED#1";
        String revoked = pass(issuer, now, revokedUci);
        String good = pass(issuer, now, "URN:UVCI:01:KR:REVMEM-GOOD#2");
        Path trustList = Files.writeString(dir.resolve("trustlist.json"), "[{\"kid\":\"" + kid
                + "\",\"country\":\"KR\",\"certificateType\":\"DSC\",\"rawData\":\""
                + Base64.getEncoder().encodeToString(issuer.certificate().getEncoded()) + "\"}]");
        SecureRandom random = new SecureRandom();
        Path smallList = batches(dir.resolve("revocation-small.jsonl"), kid, random, SMALL, null);
        Path largeList = batches(dir.resolve("revocation-large.jsonl"), kid, random, entries,
                DccRevocationKeys.uciHash(revokedUci));
        List<String> keygen = launch(TOOLS, Map.of(), "bundle", "keygen", "--out",
                dir.resolve("keys").toString());
        String root = keygen.stream().filter(line -> line.contains("roots = [\"")).findFirst()
                .orElseThrow(() -> new IllegalStateException("bundle keygen printed no root: " + keygen))
                .replaceAll(".*\\[\"(.*)\"\\].*", "$1");
        Path small = bundle(dir, 1, now, trustList, smallList);
        long started = System.nanoTime();
        Path large = bundle(dir, 2, now, trustList, largeList);
        System.out.printf("bundles: version 1 with %,d entries (%,d bytes), version 2 with %,d entries (%,d bytes,"
                + " bundle make %,d ms)%n", SMALL, Files.size(small), entries, Files.size(large),
                (System.nanoTime() - started) / 1_000_000);
        return new RevocationBundles(root, revoked, good, small, large);
    }

    /** Runs {@code program} with {@code args}; returns its output, or throws with it when it fails. */
    static List<String> launch(List<String> program, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<String> output;
        try (var in = process.inputReader(StandardCharsets.UTF_8)) {
            output = in.lines().toList();
        }
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("passgate " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    private static Path bundle(Path dir, long version, Instant now, Path trustList, Path revocation)
            throws IOException, InterruptedException {
        Path out = dir.resolve("v" + version + ".pgtb");
        launch(TOOLS, Map.of(), "bundle", "make", "--root-key", dir.resolve("keys/root.key").toString(),
                "--version", String.valueOf(version), "--issued-at", now.minusSeconds(120 - version).toString(),
                "--valid-for", "7d", "--dsc", trustList.toString(), "--revocation", revocation.toString(), "--out",
                out.toString());
        return out;
    }

    /** {@code count} UCI hashes in batches of {@value #BATCH} per line: random ones, and {@code listed} if given. */
    private static Path batches(Path file, String kid, SecureRandom random, int count, byte[] listed)
            throws IOException {
        Base64.Encoder base64 = Base64.getEncoder();
        byte[] hash = new byte[16];
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int written = 0; written < count; ) {
                int size = Math.min(BATCH, count - written);
                out.write("{\"country\":\"KR\",\"kid\":\"" + kid + "\",\"hashType\":\"UCI\",\"entries\":[");
                for (int i = 0; i < size; i++, written++) {
                    if (listed != null && written == count / 2) {
                        System.arraycopy(listed, 0, hash, 0, hash.length);
                    } else {
                        random.nextBytes(hash);
                    }
                    out.write((i == 0 ? "" : ",") + "{\"hash\":\"" + base64.encodeToString(hash) + "\"}");
                }
                out.write("]}\n");
            }
        }
        return file;
    }

    private static String pass(Hc1Issuer issuer, Instant now, String uci) {
        return UciPasses.mint(issuer, "revocation memory issuer", uci, UciPasses.PRODUCT, now);
    }
}
