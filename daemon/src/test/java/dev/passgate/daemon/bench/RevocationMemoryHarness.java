package dev.passgate.daemon.bench;

import dev.passgate.daemon.cli.ChildDaemon;
import dev.passgate.hal.serial.SocatPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resident memory of the installed kiosk around a large revocation install, from the user's end. The package's
 * files and class-data archive are installed in a throwaway root as {@link DaemonMemoryHarness} installs them, and
 * {@code passgate run} is started by the package's launcher with the service's {@code PASSGATE_JAVA_OPTS="-Xmx64m"}
 * and a serial reader on a socat pseudo-terminal pair. Each run: {@code passgate bundle install} puts bundle
 * version 1 (100 revocation entries) in place before the start; once the daemon has fed it to its revocation
 * store, two scans (a pass version 2 will revoke, and a good one: both {@code HC1 VALID}) and, {@code settle}
 * seconds later, {@code VmRSS} and {@code RssAnon} from {@code /proc/PID/status} ("before"). Then
 * {@code passgate bundle install} installs version 2 ({@code entries} entries, the pass among them) while the daemon
 * runs; the daemon picks it up (within 10 s) and installs its list; right after its "revocation store now holds"
 * line the figures are read again ("after"), the two passes scanned ({@code HC1 REVOKED}, {@code HC1 VALID}), and
 * once more {@code settle} seconds later ("later"). It prints the daemon's own install time (its log line) too.
 * Arguments, each optional and in any order: a number (entries, default 1,000,000), {@code runs=N} (default 3),
 * {@code settle=SECONDS} (default 60), {@code dir=FOLDER} (default the system's temporary folder; it needs about
 * 200 MB per million entries), {@code cds=no}, and {@code NAME=value} for the launcher's environment, commas
 * standing for spaces (e.g. {@code PASSGATE_JAVA_OPTS=-Xmx64m,-XX:TrimNativeHeapInterval=0}). Needs socat and a
 * packaged kiosk jar (run it through the {@code bench} profile).
 */
public final class RevocationMemoryHarness {
    /** The listed pass is admitted before the large list and refused after it; the good pass throughout. */
    private static final List<String> EXPECTED = List.of("[HC1 VALID, HC1 VALID]", "[HC1 REVOKED, HC1 VALID]",
            "[HC1 REVOKED, HC1 VALID]");
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Pattern INSTALLED = Pattern.compile("installed bundle version 2 with [\\d,]+ entries in"
            + " ([\\d,]+) ms");
    private static final List<String> PHASES = List.of("before", "after", "later");

    private RevocationMemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        int entries = 1_000_000;
        int runs = 3;
        long settle = 60;
        boolean cds = true;
        Path folder = Path.of(System.getProperty("java.io.tmpdir"));
        Map<String, String> environment = new TreeMap<>(Map.of("PASSGATE_JAVA_OPTS", "-Xmx64m"));
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : "";
            String value = arg.substring(arg.indexOf('=') + 1);
            switch (name) {
                case "" -> entries = Integer.parseInt(arg);
                case "runs" -> runs = Integer.parseInt(value);
                case "settle" -> settle = Long.parseLong(value);
                case "dir" -> folder = Path.of(value);
                case "cds" -> cds = !"no".equals(value);
                default -> environment.put(name, value.replace(',', ' '));
            }
        }
        if (!SocatPair.available()) {
            throw new IllegalStateException("the revocation memory harness needs socat");
        }
        Path dir = Files.createTempDirectory(folder, "passgate-revocation-memory");
        try {
            System.out.println(Machine.describe());
            Path root = DaemonMemoryHarness.install(dir.resolve("root"), cds);
            Path passgate = root.resolve("usr/bin/passgate");
            RevocationBundles bundles = RevocationBundles.make(dir.resolve("operator"), entries,
                    Instant.now());
            System.out.printf("revocation memory harness: %,d entries, %d runs, %d s settle, class-data archive %s,"
                    + " environment %s; %s%n", entries, runs, settle, cds ? "yes" : "no", environment, Machine.load());
            Map<String, List<Long>> figures = new LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                run(dir.resolve("run-" + run), passgate, bundles, environment, settle, run)
                        .forEach((key, figure) -> figures.computeIfAbsent(key, k -> new ArrayList<>()).add(figure));
            }
            StringBuilder summary = new StringBuilder();
            figures.forEach((key, values) -> {
                List<Long> sorted = values.stream().sorted().toList();
                summary.append(String.format("%n  %-22s median %,9d (%,d..%,d)", key, sorted.get(sorted.size() / 2),
                        sorted.get(0), sorted.get(sorted.size() - 1)));
            });
            System.out.printf("revocation memory: %,d entries, %d runs, environment %s:%s%n  %s%n", entries, runs,
                    environment, summary, Machine.load());
        } finally {
            BenchKiosk.deleteTree(dir);
        }
    }

    private static Map<String, Long> run(Path dir, Path passgate, RevocationBundles bundles,
                                         Map<String, String> environment, long settle, int run) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Map<String, Long> figures = new LinkedHashMap<>();
        List<String> verdicts = new ArrayList<>();
        try (SocatPair reader = SocatPair.start(dir)) {
            Path config = config(dir, reader.kiosk(), bundles.root);
            List<String> device = List.of(passgate.toString());
            RevocationBundles.launch(device, environment, "bundle", "install", bundles.small.toString(), "--config",
                    config.toString());
            ChildDaemon daemon = ChildDaemon.attach(DaemonMemoryHarness.start(passgate, config, environment),
                    "run-" + run, WAIT);
            try {
                daemon.awaitLine("revocation store now holds the 100 entries of bundle version 1");
                verdicts.add(scans(daemon, reader, bundles));
                TimeUnit.SECONDS.sleep(settle);
                measure(daemon.process().pid(), PHASES.get(0), figures);
                long started = System.nanoTime();
                RevocationBundles.launch(device, environment, "bundle", "install", bundles.large.toString(),
                        "--config", config.toString());
                figures.put("bundle install ms", (System.nanoTime() - started) / 1_000_000);
                Matcher installed = INSTALLED.matcher(daemon.awaitLine("installed bundle version 2 with"));
                figures.put("store install ms", installed.find()
                        ? Long.parseLong(installed.group(1).replace(",", "")) : -1);
                daemon.awaitLine("revocation store now holds");
                measure(daemon.process().pid(), PHASES.get(1), figures);
                verdicts.add(scans(daemon, reader, bundles));
                TimeUnit.SECONDS.sleep(settle);
                measure(daemon.process().pid(), PHASES.get(2), figures);
                verdicts.add(scans(daemon, reader, bundles));
                daemon.seen().stream().filter(line -> line.contains("Revocation store"))
                        .forEach(line -> System.out.println("  daemon: " + line));
            } finally {
                daemon.stop();
            }
        }
        figures.put("VmRSS later-before kB", figures.get("VmRSS later kB") - figures.get("VmRSS before kB"));
        figures.put("RssAnon later-before kB", figures.get("RssAnon later kB") - figures.get("RssAnon before kB"));
        System.out.printf("run %d: %s; verdicts (listed pass, good pass) before/after/later %s; %s%n", run, figures,
                verdicts, Machine.load());
        if (!EXPECTED.equals(verdicts)) {
            throw new IllegalStateException("run " + run + ": the large list did not take effect as expected: "
                    + verdicts + ", expected " + EXPECTED);
        }
        return figures;
    }

    private static String scans(ChildDaemon daemon, SocatPair reader, RevocationBundles bundles) throws Exception {
        return "[" + daemon.scan(reader, bundles.revokedPass) + ", " + daemon.scan(reader, bundles.goodPass) + "]";
    }

    private static void measure(long pid, String phase, Map<String, Long> figures) throws Exception {
        Map<String, String> status = DaemonMemoryHarness.status(pid);
        figures.put("VmRSS " + phase + " kB", Long.parseLong(status.get("VmRSS").replaceAll("\\D", "")));
        figures.put("RssAnon " + phase + " kB", Long.parseLong(status.get("RssAnon").replaceAll("\\D", "")));
        if (PHASES.get(2).equals(phase)) {
            figures.put("VmHWM kB", Long.parseLong(status.get("VmHWM").replaceAll("\\D", "")));
        }
    }

    private static Path config(Path dir, Path port, String root) throws java.io.IOException {
        return Files.writeString(dir.resolve("passgate.toml"), String.join("\n", "[device]",
                "id = \"kiosk-revocation-memory\"", "data_dir = \"" + dir.resolve("data") + "\"",
                "site_secret_file = \"" + dir.resolve("data/site-secret") + "\"",
                "[gate]", "clock_sync_flag = \"" + Files.writeString(dir.resolve("synced"), "") + "\"",
                "[verify]", "policy = \"none\"",
                "[trust]", "roots = [\"" + root + "\"]", "bundle_file = \"" + dir.resolve("data/trust-bundle.pgtb")
                        + "\"",
                "[scan.serial]", "enabled = true", "port = \"" + port + "\"", "framing = \"CR\"", ""));
    }
}
