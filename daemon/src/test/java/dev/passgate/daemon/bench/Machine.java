package dev.passgate.daemon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One line describing the machine a harness ran on and how busy it was, printed next to every figure. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String cpu = grep(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
        String memory = grep(Path.of("/proc/meminfo"), "MemTotal").orElse("unknown RAM");
        return String.format("machine: %d CPUs (%s), RAM %s, Java %s (%s)", Runtime.getRuntime().availableProcessors(),
                cpu, memory, System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"));
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    private static Optional<String> grep(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
