package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.hal.ManualDelays;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real collector ({@code passgate collector --listen}, a child JVM with the default limits at {@code -Xmx160m},
 * the budget {@code CollectorLimits} states) flooded over loopback: gzip bombs with and without a declared length,
 * 100 parallel requests declaring more than the limit, 100 parallel bombs, and slow-loris bodies. Each is refused
 * (413 {@code too_large}, 429 {@code busy}) or cut; the collector stays up within its heap, and the enrolled device's
 * upload that follows is accepted whole.
 */
class CollectorFloodTest {
    private static final String DEVICE = "gate-flood";
    private static final int BOMB = 60 << 20;

    @TempDir
    Path dir;

    @Test
    void refusesBombsFloodsAndSlowBodiesWithinItsHeapAndThenTakesTheDevicesUpload() throws Exception {
        try (UploadRig device = new UploadRig(dir.resolve("device"), DEVICE, Clock.fixed(UploadRig.START,
                ZoneOffset.UTC), 10)) {
            Path db = Files.createDirectories(dir.resolve("collector")).resolve("collector.db");
            Path pem = Files.writeString(dir.resolve("device.pub"), device.key.publicKeyPem());
            CliRun enrolled = CliRun.main("collector", "enroll", "--db", db.toString(), "--device", DEVICE, "--key",
                    pem.toString());
            assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
            Path stderr = dir.resolve("collector.err");
            Path gcLog = dir.resolve("gc.log");
            Process collector = start(stderr, gcLog, "collector", "--listen", "127.0.0.1:0", "--db", db.toString(),
                    "--body-timeout", "2");
            try {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        CollectorChild.port(collector));
                URI url = URI.create("http://127.0.0.1:" + address.getPort() + "/v1/batches");
                Map<String, Integer> answers = new TreeMap<>();

                // a 60 MiB gzip bomb, declared and chunked
                byte[] bomb = Attacker.bomb(BOMB);
                expect(Attacker.post(url, bomb, true), answers, "bomb", 413);
                expect(Attacker.postChunked(address, bomb), answers, "chunked bomb", 413);
                // 100 parallel requests declaring 64 MiB, and 100 parallel bombs
                parallel(100, () -> Attacker.postDeclaring(address, 64L << 20, 65_536), answers, "declared", 413);
                parallel(100, () -> Attacker.post(url, bomb, true), answers, "parallel bomb", 413, 429);
                // six slow bodies at once: cut after the body timeout, or told the collector is busy
                List<Duration> loris = new ArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(6);
                List<Future<Duration>> cut = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    cut.add(pool.submit(() -> Attacker.slowLoris(address, Duration.ofMillis(200),
                            Duration.ofSeconds(30))));
                }
                for (Future<Duration> each : cut) {
                    loris.add(each.get(60, TimeUnit.SECONDS));
                }
                pool.shutdown();
                assertThat(loris).allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(15)));
                assertThat(collector.isAlive()).isTrue();
                String heap = heap(collector);

                // then the device's upload is accepted whole
                device.scan(57, UploadRig.START);
                Uploader uploader = new Uploader(device.log, device.signingKey(), new HttpTransport(url,
                        Duration.ofSeconds(10), Optional.empty(), Optional.empty()), new UploadSchedule(
                        new UploadSchedule.Settings(20, Duration.ofMinutes(1), Duration.ofSeconds(1),
                                Duration.ofSeconds(2), 600, 100_000, Duration.ZERO), () -> 0),
                        new ManualDelays(), System::nanoTime, Clock.systemUTC(), Optional.empty());
                List<Uploader.Attempt> attempts = UploadRig.untilIdleOrFailed(uploader);
                assertThat(attempts).allSatisfy(a -> assertThat(a.result()).isNotEqualTo(
                        UploadSchedule.Result.FAILED));
                assertThat(device.log.readRecords(0, 1000)).allMatch(ChainRecord::uploaded);
                CliRun report = CliRun.main("collector", "--db", db.toString(), "--report");
                assertThat(report.lines()).singleElement().satisfies(line -> assertThat(line).contains(
                        "\"device\":\"" + DEVICE + "\",\"complete\":true,\"chain\":\"INTACT\",\"records\":57,"));
                long peak = peakBeforeGcMiB(gcLog);
                assertThat(peak).as("the most heap in use before a GC, MiB").isLessThan(96 + 32);
                String errors = Files.readString(stderr);
                assertThat(errors).doesNotContain("OutOfMemoryError").doesNotContain("Exception in thread");
                System.out.printf("collector flood (child JVM -Xmx160m, defaults 4 MiB/4 MiB/4 concurrent):"
                        + " answers %s; slow-loris cut after %s; %s; most heap in use before a GC %d MiB"
                        + " (budget 96 MiB of requests + 32); then %d device records accepted%n", answers, loris, heap,
                        peak, 57);
            } finally {
                collector.destroy();
                collector.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void expect(Attacker.Answer answer, Map<String, Integer> answers, String what,
                               Integer... statuses) {
        assertThat(answer.status()).as(what + ": " + answer.body()).isIn((Object[]) statuses);
        assertThat(answer.error()).as(what).isIn("too_large", "busy");
        answers.merge(what + " " + answer.status() + " " + answer.error(), 1, Integer::sum);
    }

    private static void parallel(int n, Callable<Attacker.Answer> request, Map<String, Integer> answers, String what,
                                 Integer... statuses) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Attacker.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(request));
            }
            for (Future<Attacker.Answer> future : futures) {
                expect(future.get(120, TimeUnit.SECONDS), answers, what, statuses);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The child's heap as {@code jcmd GC.heap_info} reports it, on one line, or why not. */
    private static String heap(Process collector) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "heap: jcmd not available";
        }
        try {
            Process info = new ProcessBuilder(jcmd.toString(), Long.toString(collector.pid()), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            info.waitFor(30, TimeUnit.SECONDS);
            Matcher used = Pattern.compile("total (\\d+K), used (\\d+K)").matcher(text);
            return used.find() ? "heap after the flood: used " + used.group(2) + " of " + used.group(1)
                    : "heap: " + text.strip().replace('\n', ' ');
        } catch (IOException | InterruptedException e) {
            return "heap: " + e;
        }
    }

    /** The largest heap occupancy before a collection in a {@code -Xlog:gc} file ("45M->20M(155M)"). */
    private static long peakBeforeGcMiB(Path gcLog) throws IOException {
        Matcher before = Pattern.compile(" (\\d+)M->\\d+M\\(").matcher(Files.readString(gcLog));
        long peak = 0;
        while (before.find()) {
            peak = Math.max(peak, Long.parseLong(before.group(1)));
        }
        return peak;
    }

    static Process start(Path stderr, Path gcLog, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx160m", "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog,
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.passgate.daemon.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }
}
