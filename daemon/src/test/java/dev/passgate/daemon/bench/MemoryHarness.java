package dev.passgate.daemon.bench;

import dev.passgate.daemon.app.Decision;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.camera.HardFrames;
import dev.passgate.daemon.scan.CameraDecoder;
import dev.passgate.hal.Frame;
import dev.passgate.hal.ScannedCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resident memory of the daemon after many scans. For each set of JVM options it starts a child JVM that
 * assembles a whole kiosk ({@link BenchKiosk}: entry log, replay cache and site secret in a fresh SQLite folder,
 * console feedback, no reader) and hands its gate {@code scans} codes of the mix one after another, as the readers
 * would, then reads {@code VmRSS} and {@code VmHWM} (the peak) from {@code /proc/self/status}, once as it is and
 * once after a full GC, with the heap and metaspace in use. Arguments: {@code [scans] [folder] [options...]}:
 * default 100,000 scans in the system's temporary folder, and each further argument one set of JVM options
 * (space-separated; a {@code NAME=value} item is set in the child's environment instead, such as
 * {@code MALLOC_ARENA_MAX=2}), by default the service's {@code -Xmx64m} alone and with the launcher candidates.
 */
public final class MemoryHarness {
    private static final List<String> DEFAULT_OPTIONS = List.of(
            "-Xmx64m",
            "-Xmx64m -Xms8m -XX:+UseSerialGC",
            "-Xmx64m -Xms8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "-Xmx64m -Xms8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k MALLOC_ARENA_MAX=2");

    private MemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        int scans = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String folder = args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir");
        List<String> optionSets = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : DEFAULT_OPTIONS;
        System.out.println(Machine.describe());
        for (String options : optionSets) {
            System.out.println("memory harness: " + scans + " scans with [" + options + "], entry log under "
                    + folder + "; " + Machine.load());
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            Map<String, String> environment = new TreeMap<>();
            for (String option : options.trim().split("[\\s,]+")) {
                if (option.startsWith("-")) {
                    command.add(option);
                } else {
                    int equals = option.indexOf('=');
                    environment.put(option.substring(0, equals), option.substring(equals + 1));
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(),
                    Integer.toString(scans), folder));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process child = builder.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("memory") || line.startsWith("camera")) {
                        System.out.println("  " + line);
                    }
                }
            }
            if (child.waitFor() != 0) {
                System.out.println("  child failed with exit " + child.exitValue() + ": "
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            }
        }
        System.out.println("after the run: " + Machine.load());
    }

    /** The child JVM: runs the scans and prints its memory. */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws Exception {
            int scans = Integer.parseInt(args[0]);
            Path dir = Files.createTempDirectory(Path.of(args[1]), "passgate-memory-bench");
            BenchKiosk rig = new BenchKiosk();
            Map<String, Integer> verdicts = new TreeMap<>();
            long started = System.nanoTime();
            try (Kiosk kiosk = rig.assemble(BenchKiosk.config(dir, null), decision -> { })) {
                kiosk.start();
                CameraDecoder camera = cameraFrames(Integer.getInteger("memory.cameraFrames", 0));
                for (int i = 0; i < scans; i++) {
                    Decision decision = kiosk.gate().handle(new ScannedCode("bench", rig.nextCode(), false,
                            System.nanoTime()));
                    if (i < 6) {
                        verdicts.merge(decision.outcome().verdict().name(), 1, Integer::sum);
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                String before = memory();
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                System.out.printf("memory after %,d scans (%.0f s, %.0f scans/s): %s; after GC: %s;"
                        + " first verdicts %s%n", scans, seconds, scans / seconds, before, memory(), verdicts);
                System.out.println("memory breakdown: " + breakdown()
                        + (camera == null ? "" : ", camera decoder kept"));
                nativeMemory();
            } finally {
                BenchKiosk.deleteTree(dir);
            }
        }

        /**
         * With {@code -Dmemory.cameraFrames=N} in a set of options: decodes N camera frames at 1280x720 first (eight
         * held-out {@link HardFrames} poses in turn, so that ZXing and BoofCV both run), as a camera kiosk does. The
         * decoder is returned so that it stays reachable, with what it keeps, until the memory is read, as a camera
         * kiosk's decoder does.
         */
        private static CameraDecoder cameraFrames(int count) {
            if (count <= 0) {
                return null;
            }
            List<byte[]> frames = new ArrayList<>();
            for (HardFrames.Pose pose : HardFrames.poses(HardFrames.HELD_OUT, 8)) {
                frames.add(HardFrames.render(pose, "HC1:" + "6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N".repeat(10),
                        1280, 720));
            }
            CameraDecoder decoder = new CameraDecoder();
            int read = 0;
            for (int i = 0; i < count; i++) {
                read += decoder.decode(new Frame(1280, 720, frames.get(i % frames.size()), 0, 0)).isPresent() ? 1 : 0;
            }
            System.out.printf("camera: %,d frames of 1280x720 decoded, %,d read%n", count, read);
            return decoder;
        }

        /** Each memory pool's committed size, and the resident set by kind (anonymous, file, shared). */
        private static String breakdown() throws IOException {
            StringBuilder out = new StringBuilder();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                out.append(String.format("%s %.1f/%.1f MB, ", pool.getName(), pool.getUsage().getUsed() / 1e6,
                        pool.getUsage().getCommitted() / 1e6));
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Rss")) {
                    out.append(line.replaceAll("\\s+", " ")).append(", ");
                }
            }
            return out.append("(used/committed)").toString();
        }

        /** With -XX:NativeMemoryTracking=summary: the JVM's own account of its native memory, by category. */
        private static void nativeMemory() throws Exception {
            if (ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .noneMatch(option -> option.startsWith("-XX:NativeMemoryTracking="))) {
                return;
            }
            Object summary = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            for (String line : summary.toString().split("\n")) {
                if (line.startsWith("-") || line.startsWith("Total")) {
                    System.out.println("memory nmt: " + line.trim().replaceAll("\\s+", " "));
                }
            }
        }

        private static String memory() throws IOException {
            Map<String, String> status = new TreeMap<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                int colon = line.indexOf(':');
                status.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
            long heap = 0;
            long nonHeap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heap += pool.getUsage().getUsed();
                } else {
                    nonHeap += pool.getUsage().getUsed();
                }
            }
            return String.format("VmRSS %s (peak VmHWM %s), heap used %.1f MB, non-heap %.1f MB, %d threads",
                    status.get("VmRSS"), status.get("VmHWM"), heap / 1e6, nonHeap / 1e6,
                    ManagementFactory.getThreadMXBean().getThreadCount());
        }
    }
}
