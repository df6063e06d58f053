package dev.passgate.daemon.bench;

import dev.passgate.daemon.camera.HardFrames;
import dev.passgate.daemon.camera.PhoneFrames;
import dev.passgate.hal.camera.TestVideos;
import dev.passgate.hal.serial.SocatPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Resident memory of the installed kiosk, from the user's end: the kiosk jar ({@code passgate-kiosk.jar}) started
 * by the package's own launcher ({@code src/deb/passgate.sh}, so its JVM options) with the service's
 * {@code PASSGATE_JAVA_OPTS="-Xmx64m"}, and the application class-data archive made by the package's own
 * {@code postinst} in a throwaway root, as a device has them after {@code apt install}. The daemon runs
 * {@code passgate run} with a serial reader on a socat pseudo-terminal pair and, unless {@code camera=none}, a
 * 1280×720 camera at 15 fps: an ffmpeg stand-in for the V4L2 device plays a looping video of {@link HardFrames}
 * poses (the valid pass held in view, then empty frames) for the whole run, so ZXing and BoofCV decode all along.
 * The harness writes {@code scans} codes into the reader (the mix of {@link MemoryCodes}, at most
 * {@value #WINDOW} waiting), reads each decision from the daemon's log, and then reads {@code VmRSS},
 * {@code VmHWM}, {@code RssAnon} and {@code RssFile} from {@code /proc/PID/status}. Arguments, each optional and
 * in any order: a number (scans, default 100,000), {@code runs=N} (default 3), {@code dir=FOLDER} (default the
 * system's temporary folder), {@code camera=none}, {@code cds=no}, {@code inspect=yes} (also print the largest
 * mappings and the heap's largest classes), and {@code NAME=value} for the launcher's
 * environment, commas standing for spaces (e.g. {@code PASSGATE_JAVA_OPTS=-Xmx64m,-XX:NativeMemoryTracking=summary}).
 * Needs socat, ffmpeg and a packaged kiosk jar (run it through the {@code bench} profile).
 */
public final class DaemonMemoryHarness {
    private static final int WINDOW = 4;
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int FPS = 15;
    private static final long WAIT_SECONDS = 120;

    private DaemonMemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        int scans = 100_000;
        int runs = 3;
        Path folder = Path.of(System.getProperty("java.io.tmpdir"));
        boolean camera = true;
        boolean cds = true;
        boolean inspect = false;
        Map<String, String> environment = new TreeMap<>(Map.of("PASSGATE_JAVA_OPTS", "-Xmx64m"));
        for (String arg : args) {
            if (arg.matches("\\d+")) {
                scans = Integer.parseInt(arg);
            } else if (arg.startsWith("runs=")) {
                runs = Integer.parseInt(arg.substring(5));
            } else if (arg.startsWith("dir=")) {
                folder = Path.of(arg.substring(4));
            } else {
                String name = arg.substring(0, arg.indexOf('='));
                String value = arg.substring(arg.indexOf('=') + 1);
                switch (name) {
                    case "camera" -> camera = !"none".equals(value);
                    case "cds" -> cds = !"no".equals(value);
                    case "inspect" -> inspect = "yes".equals(value);
                    default -> environment.put(name, value.replace(',', ' '));
                }
            }
        }
        if (!SocatPair.available() || !TestVideos.ffmpegAvailable()) {
            throw new IllegalStateException("the daemon memory harness needs socat and ffmpeg");
        }
        Path dir = Files.createTempDirectory(folder, "passgate-daemon-memory");
        try {
            System.out.println(Machine.describe());
            Path root = install(dir.resolve("root"), cds);
            MemoryCodes codes = MemoryCodes.mint(dir.resolve("trust"), Instant.now());
            Path video = camera ? video(dir, codes.cameraText()) : null;
            System.out.printf("daemon memory harness: %,d scans per run, %d runs, camera %s, class-data archive %s,"
                    + " environment %s%n", scans, runs, camera ? WIDTH + "x" + HEIGHT + " at " + FPS + " fps" : "none",
                    cds ? Files.size(root.resolve("var/cache/passgate/passgate.jsa")) / 1024 + " KiB" : "none",
                    environment);
            List<Long> rss = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                rss.add(run(dir.resolve("run-" + run), root, codes, video, scans, environment, run, inspect));
            }
            List<Long> sorted = rss.stream().sorted().toList();
            System.out.printf("daemon memory: VmRSS after %,d scans, %d runs: median %,d kB (%,d..%,d); %s%n",
                    scans, runs, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1),
                    Machine.load());
        } finally {
            BenchKiosk.deleteTree(dir);
        }
    }

    /**
     * The package's files in a throwaway root, and the class-data archive its {@code postinst} makes there (as
     * {@code check-deb.sh} does), unless {@code cds} is false.
     */
    static Path install(Path root, boolean cds) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        Path share = Files.createDirectories(root.resolve("usr/share/passgate"));
        Files.copy(Path.of("src/deb/passgate.sh"), bin.resolve("passgate"));
        Files.setPosixFilePermissions(bin.resolve("passgate"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of("target/passgate-kiosk.jar"), share.resolve("passgate.jar"));
        if (cds) {
            ProcessBuilder postinst = new ProcessBuilder("sh", Path.of("src/deb/postinst").toAbsolutePath().toString(),
                    "configure").inheritIO();
            postinst.environment().put("DPKG_ROOT", root.toString());
            if (postinst.start().waitFor() != 0 || !Files.exists(root.resolve("var/cache/passgate/passgate.jsa"))) {
                throw new IllegalStateException("postinst made no class-data archive");
            }
        }
        return root;
    }

    /** A looping 1280×720 video: the camera's pass held for 8 frames in each of 8 poses, 2 empty frames between. */
    private static Path video(Path dir, String text) throws IOException, InterruptedException {
        List<byte[]> frames = new ArrayList<>();
        byte[] empty = PhoneFrames.render(new PhoneFrames.Scene("empty", 0, 0, 0, 0, 3, HardFrames.HELD_OUT), "",
                WIDTH, HEIGHT);
        for (HardFrames.Pose pose : HardFrames.poses(HardFrames.HELD_OUT, 8)) {
            byte[] frame = HardFrames.render(pose, text, WIDTH, HEIGHT);
            for (int i = 0; i < 8; i++) {
                frames.add(frame);
            }
            frames.add(empty);
            frames.add(empty);
        }
        Path video = TestVideos.encode(dir.resolve("camera.mkv"), WIDTH, HEIGHT, FPS, frames, "ffv1", 0);
        Path fake = dir.resolve("ffmpeg-camera");
        Files.writeString(fake, String.join("\n", "#!/bin/sh",
                "# Stands in for the V4L2 camera: plays the file named by -i in a loop, in real time, and keeps the",
                "# daemon's output options (everything after the input).",
                "input=\"\"; rest=\"\"; state=head",
                "for arg in \"$@\"; do",
                "  case $state in",
                "    head) [ \"$arg\" = \"-i\" ] && state=input ;;",
                "    input) input=$arg; state=tail ;;",
                "    tail) rest=\"$rest $arg\" ;;",
                "  esac",
                "done",
                "# shellcheck disable=SC2086",
                "exec ffmpeg -hide_banner -nostdin -loglevel error -re -stream_loop -1 -i \"$input\" $rest", ""));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return video;
    }

    private static long run(Path dir, Path root, MemoryCodes codes, Path video, int scans,
                            Map<String, String> environment, int run, boolean inspect) throws Exception {
        Files.createDirectories(dir);
        try (SocatPair reader = SocatPair.start(dir)) {
            List<String> lines = new ArrayList<>(List.of("[device]", "id = \"kiosk-memory\"",
                    "data_dir = \"" + dir.resolve("data") + "\"",
                    "site_secret_file = \"" + dir.resolve("data/site-secret") + "\"",
                    "[gate]", "clock_sync_flag = \"" + Files.writeString(dir.resolve("synced"), "") + "\"",
                    "[verify]", "trust = [" + codes.trustList() + "]",
                    "[feedback]", "console = true",
                    "[scan.serial]", "enabled = true", "port = \"" + reader.kiosk() + "\"", "framing = \"CR\""));
            if (video != null) {
                lines.addAll(List.of("[scan.camera]", "enabled = true", "device = \"" + video + "\"",
                        "ffmpeg = \"" + video.resolveSibling("ffmpeg-camera") + "\"", "width = " + WIDTH,
                        "height = " + HEIGHT, "fps = " + FPS));
            }
            Path config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n", lines) + "\n");
            Process daemon = start(root.resolve("usr/bin/passgate"), config, environment);
            try {
                return drive(daemon, reader, codes, scans, run, video != null,
                        environment.getOrDefault("PASSGATE_JAVA_OPTS", "").contains("NativeMemoryTracking"), inspect);
            } finally {
                daemon.destroy();
                if (!daemon.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
        }
    }

    /**
     * {@code passgate run --config config} through an installed {@code launcher}, as systemd starts it but without
     * its notify socket, with {@code environment} added; its output and errors in one stream.
     */
    static Process start(Path launcher, Path config, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "run", "--config",
                config.toString()).redirectErrorStream(true).directory(config.getParent().toFile());
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("WATCHDOG_USEC");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static long drive(Process daemon, SocatPair reader, MemoryCodes codes, int scans, int run,
                              boolean withCamera, boolean nativeMemoryTracking, boolean inspect) throws Exception {
        Semaphore window = new Semaphore(0);
        AtomicInteger serial = new AtomicInteger();
        AtomicInteger camera = new AtomicInteger();
        Map<String, Integer> verdicts = new TreeMap<>();
        List<String> tail = new ArrayList<>();
        Thread pump = new Thread(() -> pump(daemon, window, serial, camera, verdicts, tail), "daemon-log");
        pump.setDaemon(true);
        pump.start();
        if (!window.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the daemon did not open its serial reader: " + tail);
        }
        window.release(WINDOW);
        long started = System.nanoTime();
        for (int i = 0; i < scans; i++) {
            if (!window.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no decision for scan " + i + ": " + tail);
            }
            reader.send(codes.next(Instant.now()) + "\r");
        }
        if (!window.tryAcquire(WINDOW, WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the last scans were not decided: " + tail);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        TimeUnit.SECONDS.sleep(2);
        Map<String, String> status = status(daemon.pid());
        System.out.printf("run %d: %,d serial and %,d camera decisions in %.0f s (%,.0f scans/s), verdicts %s;"
                        + " VmRSS %s (peak VmHWM %s), RssAnon %s, RssFile %s, %s threads; %s%n", run, serial.get(),
                camera.get(), seconds, scans / seconds, verdicts, status.get("VmRSS"), status.get("VmHWM"),
                status.get("RssAnon"), status.get("RssFile"), status.get("Threads"), Machine.load());
        if (withCamera && camera.get() == 0) {
            throw new IllegalStateException("run " + run + ": the camera decided nothing, so the figure would be a"
                    + " kiosk without one: " + tail);
        }
        if (nativeMemoryTracking) {
            jcmd(daemon.pid(), line -> line.startsWith("-") || line.startsWith("Total")
                    || line.contains("(malloc="), "VM.native_memory", "summary");
        }
        if (inspect) {
            long hold = Long.getLong("memory.hold", 0);
            System.out.println("  daemon pid " + daemon.pid() + "; held for " + hold + " s (-Dmemory.hold)");
            TimeUnit.SECONDS.sleep(hold);
            mappings(daemon.pid());
            jcmd(daemon.pid(), line -> line.contains("total") || line.contains("space"), "GC.heap_info");
            jcmd(daemon.pid(), line -> line.startsWith("Total") || line.matches("\\s*\\d+:.*")
                    && Integer.parseInt(line.strip().split(":")[0]) <= 30, "GC.class_histogram");
            jcmd(daemon.pid(), line -> line.contains("total") || line.contains("space"), "GC.heap_info");
        }
        return Long.parseLong(status.get("VmRSS").replaceAll("\\D", ""));
    }

    /** Reads the daemon's log: the serial reader's "connected" opens the window, each decision gives a place back. */
    private static void pump(Process daemon, Semaphore window, AtomicInteger serial, AtomicInteger camera,
                             Map<String, Integer> verdicts, List<String> tail) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (tail) {
                    tail.add(line);
                    if (tail.size() > 20) {
                        tail.remove(0);
                    }
                }
                if (line.contains("connected at 9600 baud")) {
                    window.release();
                }
                int at = line.indexOf("scan from ");
                if (at >= 0) {
                    String[] words = line.substring(line.indexOf(": ", at) + 2).split(" ");
                    synchronized (verdicts) {
                        verdicts.merge(words[1], 1, Integer::sum);
                    }
                    if (line.startsWith("serial:", at + 10)) {
                        serial.incrementAndGet();
                        window.release();
                    } else {
                        camera.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            synchronized (tail) {
                tail.add("log read failed: " + e.getMessage());
            }
        }
    }

    static Map<String, String> status(long pid) throws IOException {
        Map<String, String> status = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            status.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return status;
    }

    /** The daemon's 25 largest mappings by resident size, as {@code pmap -x} lists them. */
    private static void mappings(long pid) throws IOException, InterruptedException {
        Process pmap = new ProcessBuilder("pmap", "-x", Long.toString(pid)).redirectErrorStream(true).start();
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(pmap.getInputStream(),
                StandardCharsets.UTF_8))) {
            out.lines().map(line -> line.strip().split("\\s+", 6)).filter(row -> row.length >= 5
                    && row[2].matches("\\d+") && !"total".equals(row[0])).forEach(rows::add);
        }
        pmap.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        rows.sort((a, b) -> Long.compare(Long.parseLong(b[2]), Long.parseLong(a[2])));
        for (String[] row : rows.subList(0, Math.min(25, rows.size()))) {
            System.out.printf("  pmap: %8s kB resident, %8s kB dirty  %s%n", row[2], row[3],
                    row.length > 5 ? row[5] : "[anon]");
        }
    }

    private static void jcmd(long pid, Predicate<String> keep, String... command)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jcmd.getInputStream(),
                StandardCharsets.UTF_8))) {
            out.lines().filter(keep).forEach(l -> System.out.println("  " + command[0] + ": "
                    + l.strip().replaceAll("\\s+", " ")));
        }
        jcmd.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
